import NIOCore

/// Whether a connection to the loopback listener comes from a process of this user.
///
/// Any local user can connect to a loopback port. A login's `state` is not secret from them
/// (it used to sit in the browser's argv, which every user can read in `/proc/PID/cmdline`), so
/// another user could send the listener a code for *their* account and log this user in as
/// them. The listener therefore looks up who owns the client's end of each connection, as identd
/// does: in `/proc/net/tcp` and `/proc/net/tcp6` the client's socket is the one whose local end
/// is the connection's peer and whose remote end is the listener's address; its `uid` column
/// must be this process's effective user id.
struct LoopbackPeerCheck: Sendable {
    /// Who is on the other end of a connection.
    enum Verdict: Sendable, Equatable {
        /// A process of this user: serve it.
        case sameUser
        /// A process of the user with this id: close the connection unanswered.
        case otherUser(UInt32)
        /// No socket in the tables matches (the client is gone, the address is not TCP, or the
        /// kernel's table skipped it while sockets came and went): served, and logged, since
        /// refusing would fail this user's own browser on a busy machine.
        case unknownPeer
        /// No table could be read (no `/proc`), or none lists the listener's own sockets: the
        /// check cannot run.
        case unavailable
    }

    /// Linux's tables of TCP sockets, IPv4 then IPv6.
    static let procTables = ["/proc/net/tcp", "/proc/net/tcp6"]

    /// The tables read, in order.
    let tablePaths: [String]
    /// The user whose processes are served.
    let userID: UInt32

    /// - Parameters:
    ///   - tablePaths: the socket tables to read; Linux's by default.
    ///   - userID: the user to serve; this process's effective user by default, the owner of
    ///     the sockets it creates.
    init(tablePaths: [String] = procTables, userID: UInt32 = CurrentProcess.effectiveUserID) {
        self.tablePaths = tablePaths
        self.userID = userID
    }

    /// Whether any table can be read, so the check can run at all.
    var isAvailable: Bool {
        tablePaths.contains { WholeRead.text($0) != nil }
    }

    /// How many times the tables are read before a socket counts as not there. The kernel
    /// writes them a page per `read`, finding its place again in its hash tables each time: on a
    /// machine where sockets come and go, one reading can skip an entry.
    static let readings = 4

    /// Who owns the client's end of the connection from `peer` accepted on `listener`.
    func verdict(peer: SocketAddress, listener: SocketAddress) -> Verdict {
        guard let client = Self.endpoint(peer), let server = Self.endpoint(listener) else { return .unknownPeer }
        var readAny = false
        var listsTheListener = false
        for _ in 1...Self.readings {
            for path in tablePaths {
                guard let text = WholeRead.text(path) else { continue }
                readAny = true
                let table = TCPSocketTable(parsing: text, mentioningPorts: [client.port, server.port])
                if let owner = table.owner(local: client, remote: server) {
                    return owner == userID ? .sameUser : .otherUser(owner)
                }
                listsTheListener = listsTheListener || table.sockets.contains { $0.local == server }
            }
            if !readAny { return .unavailable }
        }
        // Tables that do not even show the listener's own sockets describe another network
        // (a sandboxed kernel, another namespace's /proc): they cannot tell who is connecting.
        return listsTheListener ? .unknownPeer : .unavailable
    }

    /// The address and port of an IPv4 or IPv6 socket address; nil for any other kind.
    static func endpoint(_ address: SocketAddress) -> TCPSocketTable.Endpoint? {
        guard let port = address.port, let port = UInt16(exactly: port) else { return nil }
        // The raw sockaddr: sin_addr sits at byte 4 of a sockaddr_in, sin6_addr at byte 8 of a sockaddr_in6.
        switch address.protocol {
        case .inet:
            return address.withSockAddr { pointer, length in
                guard length >= 8 else { return nil }
                let raw = UnsafeRawBufferPointer(start: UnsafeRawPointer(pointer), count: length)
                return TCPSocketTable.Endpoint(ipv4: Array(raw[4..<8]), port: port)
            }
        case .inet6:
            return address.withSockAddr { pointer, length in
                guard length >= 24 else { return nil }
                let raw = UnsafeRawBufferPointer(start: UnsafeRawPointer(pointer), count: length)
                return TCPSocketTable.Endpoint(ipv6: Array(raw[8..<24]), port: port)
            }
        default:
            return nil
        }
    }
}
