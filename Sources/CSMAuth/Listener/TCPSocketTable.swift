/// The TCP sockets of this network namespace and who owns them, read from the text of Linux's
/// `/proc/net/tcp` or `/proc/net/tcp6`, as identd reads them.
///
/// Each line after the header describes one socket: `sl local_address rem_address st … uid …`,
/// the addresses as `ADDRESS:PORT` in hexadecimal. The kernel prints an address as the 32-bit
/// words it stores in network order, each word printed with `%08X` as a number of the machine's
/// byte order: on a little-endian machine (x86-64, arm64) 127.0.0.1 reads `0100007F` and ::1
/// reads `00000000000000000000000001000000`. Ports are plain `%04X` numbers.
/// IPv4 addresses are kept as IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`), so one lookup finds
/// a socket in either table, a dual-stack client's included.
struct TCPSocketTable: Sendable, Equatable {
    /// One end of a connection: a 16-byte IPv6 address (IPv4 mapped) and a port.
    struct Endpoint: Sendable, Hashable, CustomStringConvertible {
        /// The address in network byte order, 16 bytes.
        let address: [UInt8]
        let port: UInt16

        /// An IPv6 endpoint from its 16 bytes in network order.
        init(ipv6 bytes: [UInt8], port: UInt16) {
            self.address = bytes
            self.port = port
        }

        /// An IPv4 endpoint from its 4 bytes in network order, kept as `::ffff:a.b.c.d`.
        init(ipv4 bytes: [UInt8], port: UInt16) {
            self.address = Array(repeating: 0, count: 10) + [0xFF, 0xFF] + bytes
            self.port = port
        }

        /// The 4 bytes of an IPv4 (mapped) address; nil for any other IPv6 address.
        var ipv4Bytes: [UInt8]? {
            address.count == 16 && address.prefix(12) == Self.ipv4MappedPrefix[...] ? Array(address.suffix(4)) : nil
        }

        /// `127.0.0.1:8976` for a mapped IPv4 address, else the address's bytes in hex.
        var description: String {
            if address.prefix(12) == Self.ipv4MappedPrefix[...] {
                return address.suffix(4).map(String.init).joined(separator: ".") + ":\(port)"
            }
            return "[" + address.map { String($0, radix: 16) }.joined(separator: ".") + "]:\(port)"
        }

        private static let ipv4MappedPrefix: [UInt8] = Array(repeating: 0, count: 10) + [0xFF, 0xFF]
    }

    /// One socket: its two ends and its owner.
    struct Socket: Sendable, Equatable {
        let local: Endpoint
        let remote: Endpoint
        /// The user id the socket belongs to (the `uid` column).
        let owner: UInt32
    }

    /// Every socket the text lists, in order; lines that do not parse are left out.
    let sockets: [Socket]

    /// Parses the text of `/proc/net/tcp` or `/proc/net/tcp6` (both may be concatenated).
    /// - Parameter ports: when given, only the lines that name one of these ports (`:%04X `) are
    ///   parsed: a busy machine's table has thousands of lines, and the listener reads it for
    ///   every connection.
    init(parsing text: String, mentioningPorts ports: [UInt16]? = nil) {
        let lines = text.split(separator: "\n")
        guard let ports else {
            sockets = lines.compactMap(Self.socket(fromLine:))
            return
        }
        let needles = ports.map { port in
            let digits = String(port, radix: 16, uppercase: true)
            return Array((":" + String(repeating: "0", count: 4 - digits.count) + digits + " ").utf8)
        }
        sockets = lines.compactMap { line in
            let bytes = line.utf8
            guard needles.contains(where: { bytes.firstRange(of: $0) != nil }) else { return nil }
            return Self.socket(fromLine: line)
        }
    }

    /// The owner of the socket whose local end is `local` and whose remote end is `remote`; nil
    /// when no socket matches.
    ///
    /// For the listener, `local` is the connecting client's address and port (its side of the
    /// connection) and `remote` is the address and port the listener accepted it on.
    func owner(local: Endpoint, remote: Endpoint) -> UInt32? {
        sockets.first { $0.local == local && $0.remote == remote }?.owner
    }

    /// `sl local_address rem_address st tx:rx tr:when retrnsmt uid …`; nil for the header or a
    /// line that does not read.
    private static func socket(fromLine line: Substring) -> Socket? {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 8, fields[0].hasSuffix(":"),
            let local = endpoint(fields[1]), let remote = endpoint(fields[2]),
            let owner = UInt32(fields[7], radix: 10)
        else { return nil }
        return Socket(local: local, remote: remote, owner: owner)
    }

    /// `0100007F:2310` (IPv4) or 32 hex digits `:PORT` (IPv6).
    private static func endpoint(_ field: Substring) -> Endpoint? {
        let parts = field.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 4, let port = UInt16(parts[1], radix: 16),
            let bytes = addressBytes(parts[0])
        else { return nil }
        switch bytes.count {
        case 4: return Endpoint(ipv4: bytes, port: port)
        case 16: return Endpoint(ipv6: bytes, port: port)
        default: return nil
        }
    }

    /// The address's bytes in network order: each 8-digit word is the number whose bytes in the
    /// machine's memory are the address's, so on a little-endian machine its least significant
    /// byte comes first (`UInt32(littleEndian:)` makes that so on a big-endian one too).
    private static func addressBytes(_ hex: Substring) -> [UInt8]? {
        guard hex.count == 8 || hex.count == 32, hex.allSatisfy(\.isHexDigit) else { return nil }
        var bytes: [UInt8] = []
        var rest = hex[...]
        while !rest.isEmpty {
            guard let word = UInt32(rest.prefix(8), radix: 16) else { return nil }
            rest = rest.dropFirst(8)
            let value = UInt32(littleEndian: word)
            bytes += [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24)]
        }
        return bytes
    }
}
