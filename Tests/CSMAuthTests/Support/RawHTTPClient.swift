import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A deliberately dumb HTTP/1.1 client on raw sockets, for the loopback listener's tests: it sends
/// exactly the bytes it is given (oversized heads, idle connections, odd methods) and reads until
/// the server closes. Blocking calls run on a thread of their own, never on the test's pool.
enum RawHTTPClient {
    /// A connect, send or receive failed with `errno`.
    struct SocketError: Error, CustomStringConvertible {
        let operation: String
        let errno: Int32
        var description: String { "\(operation): \(String(cString: strerror(errno)))" }
    }

    /// One response as received.
    struct Response: Sendable {
        let status: Int
        let headers: [String: String]
        let body: String

        /// The header `name`, case-insensitively.
        func header(_ name: String) -> String? { headers[name.lowercased()] }
    }

    /// An open TCP connection to a loopback address.
    final class Connection: @unchecked Sendable {
        let descriptor: Int32

        /// Connects to `host` (an IPv4 or IPv6 literal) on `port`.
        init(host: String, port: Int) throws {
            let isIPv6 = host.contains(":")
            let descriptor = socket(isIPv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            self.descriptor = descriptor
            guard descriptor >= 0 else { throw SocketError(operation: "socket", errno: errno) }
            let result: Int32
            if isIPv6 {
                var address = sockaddr_in6()
                address.sin6_family = sa_family_t(AF_INET6)
                address.sin6_port = in_port_t(UInt16(port).bigEndian)
                inet_pton(AF_INET6, host, &address.sin6_addr)
                result = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                    }
                }
            } else {
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = in_port_t(UInt16(port).bigEndian)
                inet_pton(AF_INET, host, &address.sin_addr)
                result = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
            // Every stored property is set, so deinit closes the socket when this throws.
            guard result == 0 else { throw SocketError(operation: "connect", errno: errno) }
        }

        deinit { close(descriptor) }

        /// Sends all of `bytes`.
        func send(_ bytes: [UInt8]) throws {
            var offset = 0
            while offset < bytes.count {
                let sent = bytes[offset...].withUnsafeBytes {
                    Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                }
                guard sent > 0 else { throw SocketError(operation: "send", errno: errno) }
                offset += sent
            }
        }

        /// Reads until the peer closes, or throws after `timeout` without the close.
        func readToEnd(timeout: Duration = .seconds(30)) throws -> [UInt8] {
            let deadline = ContinuousClock.now + timeout
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let remaining = deadline - ContinuousClock.now
                guard remaining > .zero else { throw SocketError(operation: "recv (timed out)", errno: ETIMEDOUT) }
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                let milliseconds = Int32(
                    remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000)
                guard poll(&poller, 1, max(milliseconds, 1)) >= 0 else {
                    throw SocketError(operation: "poll", errno: errno)
                }
                guard poller.revents != 0 else { continue }
                let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                if count == 0 { return received }
                if count < 0 {
                    // A reset after the answer still leaves the answer readable above.
                    if errno == ECONNRESET, !received.isEmpty { return received }
                    throw SocketError(operation: "recv", errno: errno)
                }
                received += buffer[..<count]
            }
        }

        /// What the server sent before it closed the connection, an orderly end and a reset alike:
        /// a server that closes while bytes it never read are still in flight answers with a reset,
        /// and both mean "closed". Throws on a timeout or another error.
        func readUntilClosed(timeout: Duration = .seconds(30)) throws -> [UInt8] {
            do {
                return try readToEnd(timeout: timeout)
            } catch let error as SocketError where error.errno == ECONNRESET {
                return []
            }
        }
    }

    /// Sends `request` as is and reads the response until the server closes the connection.
    static func exchange(_ request: String, port: Int, host: String = "127.0.0.1") async throws -> Response {
        try await onOwnThread {
            let connection = try Connection(host: host, port: port)
            try connection.send(Array(request.utf8))
            return try parse(connection.readToEnd())
        }
    }

    /// Sends `GET target` and reads the response.
    static func get(_ target: String, port: Int, host: String = "127.0.0.1", extraHeaders: String = "") async throws
        -> Response
    {
        let hostHeader = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        return try await exchange(
            "GET \(target) HTTP/1.1\r\nHost: \(hostHeader)\r\n\(extraHeaders)\r\n", port: port, host: host)
    }

    /// Opens a connection and sends nothing, like a browser's preconnect.
    static func connectIdle(port: Int, host: String = "127.0.0.1") async throws -> Connection {
        try await onOwnThread { try Connection(host: host, port: port) }
    }

    /// Splits a raw response into status, headers and body.
    static func parse(_ bytes: [UInt8]) throws -> Response {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else {
            throw SocketError(operation: "parse (no head)", errno: EPROTO)
        }
        var lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw SocketError(operation: "parse (status)", errno: EPROTO)
        }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        return Response(status: status, headers: headers, body: String(text[split.upperBound...]))
    }
}

/// Runs blocking work on a new thread, so that waiting on a socket or a child process never
/// occupies one of the few threads Swift's concurrency pool has (two on a 2-core machine).
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try body() })
        }
    }
}
