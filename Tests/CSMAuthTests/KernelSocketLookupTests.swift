import Foundation
import NIOCore
import Testing

@testable import CSMAuth

#if canImport(Glibc)
    import Glibc
#endif

/// Asking the kernel (netlink sock_diag) who owns a TCP socket, by the socket's exact two ends,
/// on real loopback connections of this process.
@Suite struct KernelSocketLookupTests {
    /// A connection from a client socket of this process to a listener: the client's end and
    /// the listener's, as the listener sees them.
    struct LoopbackConnection {
        let listener: ListeningSocket
        let client: RawHTTPClient.Connection
        let host: String

        init(host: String) throws {
            listener = try ListeningSocket(host: host)
            client = try RawHTTPClient.Connection(host: host, port: listener.port)
            self.host = host
        }

        /// The client's own end: the connection's peer, for the listener.
        var clientEnd: TCPSocketTable.Endpoint {
            Self.endpoint(host: host, port: Self.localPort(of: client.descriptor))
        }
        /// The listener's end.
        var listenerEnd: TCPSocketTable.Endpoint { Self.endpoint(host: host, port: UInt16(listener.port)) }

        static func endpoint(host: String, port: UInt16) -> TCPSocketTable.Endpoint {
            host.contains(":")
                ? TCPSocketTable.Endpoint(ipv6: Array(repeating: 0, count: 15) + [1], port: port)
                : TCPSocketTable.Endpoint(ipv4: [127, 0, 0, 1], port: port)
        }

        /// The port `descriptor` is bound to (the port sits at the same offset in sockaddr_in6).
        static func localPort(of descriptor: Int32) -> UInt16 {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            return withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(descriptor, $0, &length) }
                return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    UInt16(bigEndian: $0.pointee.sin_port)
                }
            }
        }
    }

    @Test func theKernelNamesThisProcessAsOwnerOfAnIPv4ClientSocket() throws {
        let connection = try LoopbackConnection(host: "127.0.0.1")
        let answer = KernelSocketLookup.owner(local: connection.clientEnd, remote: connection.listenerEnd)
        #expect(answer == .owner(geteuid()))
    }

    @Test(.enabled(if: ListeningSocket.ipv6LoopbackAvailable, "needs the IPv6 loopback address"))
    func theKernelNamesThisProcessAsOwnerOfAnIPv6ClientSocket() throws {
        let connection = try LoopbackConnection(host: "::1")
        let answer = KernelSocketLookup.owner(local: connection.clientEnd, remote: connection.listenerEnd)
        #expect(answer == .owner(geteuid()))
    }

    @Test func aClosedClientSocketIsNotFound() throws {
        let listener = try ListeningSocket(host: "127.0.0.1")
        let clientPort = try Self.connectAndReset(port: listener.port)
        let answer = KernelSocketLookup.owner(
            local: LoopbackConnection.endpoint(host: "127.0.0.1", port: clientPort),
            remote: LoopbackConnection.endpoint(host: "127.0.0.1", port: UInt16(listener.port)))
        #expect(answer == .noSuchSocket)
    }

    @Test func aSocketWithOtherEndsIsNotFound() throws {
        let connection = try LoopbackConnection(host: "127.0.0.1")
        // The right client port with the wrong listener port: no socket has exactly these ends.
        let elsewhere = LoopbackConnection.endpoint(host: "127.0.0.1", port: connection.listenerEnd.port &+ 1)
        #expect(KernelSocketLookup.owner(local: connection.clientEnd, remote: elsewhere) == .noSuchSocket)
    }

    @Test func theKernelAnswersLookupsHere() {
        #expect(KernelSocketLookup.refusal() == nil)
    }

    @Test func thePeerCheckAsksTheKernelFirst() throws {
        let connection = try LoopbackConnection(host: "127.0.0.1")
        let peer = try SocketAddress(ipAddress: "127.0.0.1", port: Int(connection.clientEnd.port))
        let listener = try SocketAddress(ipAddress: "127.0.0.1", port: connection.listener.port)
        #expect(LoopbackPeerCheck().source == .kernel)
        #expect(LoopbackPeerCheck().verdict(peer: peer, listener: listener) == .sameUser(.kernel))
        #expect(
            LoopbackPeerCheck(userID: geteuid() &+ 1).verdict(peer: peer, listener: listener)
                == .otherUser(geteuid(), .kernel))
        // Without the kernel, the same answer comes from the tables.
        #expect(
            LoopbackPeerCheck(asksTheKernel: false).verdict(peer: peer, listener: listener) == .sameUser(.tables))
    }

    @Test func thePeerCheckRefusesAClientTheKernelNoLongerKnows() throws {
        let listener = try ListeningSocket(host: "127.0.0.1")
        let clientPort = try Self.connectAndReset(port: listener.port)
        let verdict = LoopbackPeerCheck().verdict(
            peer: try SocketAddress(ipAddress: "127.0.0.1", port: Int(clientPort)),
            listener: try SocketAddress(ipAddress: "127.0.0.1", port: listener.port))
        #expect(verdict == .clientGone)
    }

    @Test(.enabled(if: ListeningSocket.ipv6LoopbackAvailable, "needs IPv6"))
    func anIPv4ClientOfADualStackListenerIsFoundByItsMappedAddress() throws {
        // A listener on [::] sees an IPv4 client as ::ffff:127.0.0.1.
        let listener = try ListeningSocket(host: "::")
        let client = try RawHTTPClient.Connection(host: "127.0.0.1", port: listener.port)
        let clientPort = LoopbackConnection.localPort(of: client.descriptor)
        let verdict = LoopbackPeerCheck().verdict(
            peer: try SocketAddress(ipAddress: "::ffff:127.0.0.1", port: Int(clientPort)),
            listener: try SocketAddress(ipAddress: "::ffff:127.0.0.1", port: listener.port))
        #expect(verdict == .sameUser(.kernel))
    }

    @Test func aKernelThatKnowsNoSocketAtAllLeavesTheVerdictToTheTables() throws {
        // Without tcp_diag (not loaded, modules disabled), the kernel answers ENOENT to every lookup.
        let connection = try LoopbackConnection(host: "127.0.0.1")
        let check = LoopbackPeerCheck(kernelLookup: { _, _ in .noSuchSocket })
        let verdict = check.verdict(
            peer: try SocketAddress(ipAddress: "127.0.0.1", port: Int(connection.clientEnd.port)),
            listener: try SocketAddress(ipAddress: "127.0.0.1", port: connection.listener.port))
        #expect(verdict == .sameUser(.tables))
    }

    @Test(arguments: ["127.0.0.1", "::1"])
    func theKernelFindsAListenerByItsOwnEndAlone(host: String) throws {
        if host == "::1", !ListeningSocket.ipv6LoopbackAvailable { return }
        let listener = try ListeningSocket(host: host)
        let end = LoopbackConnection.endpoint(host: host, port: UInt16(listener.port))
        let anywhere =
            host == "::1"
            ? TCPSocketTable.Endpoint(ipv6: Array(repeating: 0, count: 16), port: 0)
            : TCPSocketTable.Endpoint(ipv4: [0, 0, 0, 0], port: 0)
        #expect(KernelSocketLookup.owner(local: end, remote: anywhere) == .owner(geteuid()))
    }

    /// Connects to 127.0.0.1:`port` and closes with a reset (SO_LINGER 0), so the client socket is
    /// gone at once rather than lingering in TIME_WAIT; returns the client's port.
    private static func connectAndReset(port: Int) throws -> UInt16 {
        let client = try RawHTTPClient.Connection(host: "127.0.0.1", port: port)
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(client.descriptor, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        return LoopbackConnection.localPort(of: client.descriptor)
    }
}
