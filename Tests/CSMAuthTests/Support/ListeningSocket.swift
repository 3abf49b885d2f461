import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP socket listening on a loopback address, made without NIO: "another program" holding a port.
final class ListeningSocket {
    let descriptor: Int32
    let port: Int

    /// Binds `host` (`127.0.0.1` or `::1`) on `port` (0: any free port) and listens.
    init(host: String, port: Int = 0) throws {
        let isIPv6 = host.contains(":")
        let descriptor = socket(isIPv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        guard descriptor >= 0 else { throw RawHTTPClient.SocketError(operation: "socket", errno: errno) }
        var storage = sockaddr_storage()
        var length: socklen_t
        if isIPv6 {
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    address.pointee.sin6_family = sa_family_t(AF_INET6)
                    address.pointee.sin6_port = in_port_t(UInt16(port).bigEndian)
                    inet_pton(AF_INET6, host, &address.pointee.sin6_addr)
                }
            }
        } else {
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    address.pointee.sin_family = sa_family_t(AF_INET)
                    address.pointee.sin_port = in_port_t(UInt16(port).bigEndian)
                    inet_pton(AF_INET, host, &address.pointee.sin_addr)
                }
            }
        }
        let bound = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(descriptor, address, length) == 0 && listen(descriptor, 4) == 0
                    && getsockname(descriptor, address, &length) == 0
            }
        }
        guard bound else {
            let error = RawHTTPClient.SocketError(operation: "bind", errno: errno)
            close(descriptor)
            throw error
        }
        let networkPort = withUnsafePointer(to: &storage) {
            // The port sits at the same offset in sockaddr_in6.
            $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_port }
        }
        self.port = Int(UInt16(bigEndian: networkPort))
    }

    deinit { close(descriptor) }

    /// Whether this machine can bind the IPv6 loopback address.
    static var ipv6LoopbackAvailable: Bool {
        (try? ListeningSocket(host: "::1")) != nil
    }
}
