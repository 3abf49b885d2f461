import Foundation
import Logging
import TestSupport
import Testing

@testable import CSMAuth

#if canImport(Glibc)
    import Glibc
#endif

/// Reading Linux's TCP socket tables, as the listener does to learn who owns a connection's
/// other end. Sample lines are in the kernel's format (`%08X` words in little-endian order).
@Suite struct TCPSocketTableTests {
    static let header =
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"

    /// 127.0.0.1 in the kernel's IPv4 notation, and ::1 in its IPv6 notation.
    static let loopback4: [UInt8] = [127, 0, 0, 1]
    static let loopback6: [UInt8] = Array(repeating: 0, count: 15) + [1]

    @Test func anIPv4SocketIsFoundByItsTwoEndsAndNamesItsOwner() {
        // A client on 127.0.0.1:45678 (B26E) connected to 127.0.0.1:8976 (2310), owned by uid 1000;
        // the listener's own end of the same connection, owned by uid 0, is the reverse line.
        let table = TCPSocketTable(
            parsing: Self.header
                + "   0: 0100007F:B26E 0100007F:2310 01 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 20 4 30 10 -1\n"
                + "   1: 0100007F:2310 0100007F:B26E 01 00000000:00000000 00:00000000 00000000     0        0 4243 1 0000000000000000 20 4 30 10 -1\n"
        )
        let client = TCPSocketTable.Endpoint(ipv4: Self.loopback4, port: 45678)
        let listener = TCPSocketTable.Endpoint(ipv4: Self.loopback4, port: 8976)
        #expect(table.sockets.count == 2)
        #expect(table.owner(local: client, remote: listener) == 1000)
        #expect(table.owner(local: listener, remote: client) == 0)
    }

    @Test func onlyTheLinesNamingTheGivenPortsAreRead() {
        let text =
            Self.header
            + "   0: 0100007F:B26E 0100007F:2310 01 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 20 4 30 10 -1\n"
            + "   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1001        0 4243 1 0000000000000000 20 4 30 10 -1\n"
        let table = TCPSocketTable(parsing: text, mentioningPorts: [8976])
        #expect(table.sockets.map(\.owner) == [1000])
        #expect(TCPSocketTable(parsing: text, mentioningPorts: [80]).sockets.isEmpty)
        #expect(TCPSocketTable(parsing: text).sockets.count == 2)
    }

    @Test func anIPv4AddressReadsInNetworkOrder() {
        // 10.1.2.3 is printed 0302010A by a little-endian kernel.
        let table = TCPSocketTable(
            parsing: "   0: 0302010A:0050 0100007F:2310 01 00000000:00000000 00:00000000 00000000    7        0 1\n")
        #expect(table.sockets.first?.local == TCPSocketTable.Endpoint(ipv4: [10, 1, 2, 3], port: 80))
    }

    @Test func anIPv6SocketIsFoundByItsTwoEnds() {
        let table = TCPSocketTable(
            parsing: Self.header
                + "   0: 00000000000000000000000001000000:D431 00000000000000000000000001000000:2310 01 00000000:00000000 00:00000000 00000000  1001        0 99 1 0000000000000000 20 4 30 10 -1\n"
        )
        let client = TCPSocketTable.Endpoint(ipv6: Self.loopback6, port: 54321)
        let listener = TCPSocketTable.Endpoint(ipv6: Self.loopback6, port: 8976)
        #expect(table.owner(local: client, remote: listener) == 1001)
    }

    @Test func anIPv4MappedIPv6SocketMatchesItsIPv4Address() {
        // A dual-stack client's socket on ::ffff:127.0.0.1 is listed in tcp6; the listener sees 127.0.0.1.
        let table = TCPSocketTable(
            parsing:
                "   0: 0000000000000000FFFF00000100007F:B26E 0000000000000000FFFF00000100007F:2310 01 00000000:00000000 00:00000000 00000000  1002        0 5\n"
        )
        let client = TCPSocketTable.Endpoint(ipv4: Self.loopback4, port: 45678)
        let listener = TCPSocketTable.Endpoint(ipv4: Self.loopback4, port: 8976)
        #expect(table.owner(local: client, remote: listener) == 1002)
    }

    @Test func aSocketWithOtherEndsIsNotTaken() {
        let table = TCPSocketTable(
            parsing: "   0: 0100007F:B26E 0100007F:2311 01 00000000:00000000 00:00000000 00000000  1000        0 1\n")
        let client = TCPSocketTable.Endpoint(ipv4: Self.loopback4, port: 45678)
        #expect(table.owner(local: client, remote: TCPSocketTable.Endpoint(ipv4: Self.loopback4, port: 8976)) == nil)
    }

    @Test(arguments: [
        "",
        "   0: 0100007F 0100007F:2310 01 00000000:00000000 00:00000000 00000000  1000        0 1",
        "   0: 0100007G:B26E 0100007F:2310 01 00000000:00000000 00:00000000 00000000  1000        0 1",
        "   0: 0100007F:B26E 0100007F:2310 01 00000000:00000000 00:00000000 00000000  -1        0 1",
        "   0: 0100007F:B26E 0100007F:2310 01 00000000:00000000 00:00000000 00000000  99999999999 0 1",
        "   0: 00007F:B26E 0100007F:2310 01 00000000:00000000 00:00000000 00000000  1000        0 1",
        "   0: 0100007F:B26E0 0100007F:2310 01 00000000:00000000 00:00000000 00000000  1000        0 1",
        "   0: 0100007F:B26E 0100007F:2310 01",
        "0100007F:B26E 0100007F:2310 01 00000000:00000000 00:00000000 00000000  1000        0 1 2",
    ])
    func aLineThatDoesNotReadIsLeftOut(line: String) {
        #expect(TCPSocketTable(parsing: Self.header + line + "\n").sockets.isEmpty)
    }
}

/// The listener's side: who may connect, and the browser's start link.
@Suite(.waiting) struct LoopbackPeerTests {
    static let state = "st4te-0123456789abcdef"
    static let authorizationURL = URL(string: "https://auth.example/authorize?client_id=c&state=\(state)")!

    private func start(
        configuration: LoopbackReceiver.Configuration = .init(),
        logger: Logger = Logger(label: "test") { _ in
            SwiftLogNoOpLogHandler()
        }
    ) async throws -> LoopbackReceiver {
        try await LoopbackReceiver.start(
            callbackURL: try #require(URL(string: "http://127.0.0.1:0/callback")), expectedState: Self.state,
            configuration: configuration, logger: logger)
    }

    /// The request target of the receiver's start link for the test's authorization URL.
    private func startTarget(_ receiver: LoopbackReceiver) -> String {
        let url = receiver.startURL(redirectingTo: Self.authorizationURL)
        return url.path(percentEncoded: true)
    }

    @Test(arguments: [true, false])
    func aConnectionFromAnotherUserIsRefused(askingTheKernel: Bool) async throws {
        // This process plays the other user: the listener serves only a uid that is not ours.
        let (logger, messages) = CapturingLogHandler.logger()
        let check = LoopbackPeerCheck(userID: CurrentProcess.effectiveUserID &+ 1, asksTheKernel: askingTheKernel)
        let receiver = try await start(configuration: .init(peerCheck: check), logger: logger)
        await #expect(throws: (any Error).self) {
            _ = try await RawHTTPClient.get("/callback?code=c&state=\(Self.state)", port: receiver.port)
        }
        // Closed unanswered, and the login did not take the code: it is still waiting, and times out.
        await #expect(throws: LoopbackReceiverError.self) {
            _ = try await receiver.waitForCallback(timeout: .milliseconds(200))
        }
        let source = askingTheKernel ? "netlink sock_diag" : "/proc/net/tcp"
        #expect(
            messages.all.contains {
                $0.contains("refused a connection to the login listener from another user")
                    && $0.contains("per \(source)")
            })
    }

    @Test(arguments: [true, false])
    func anIPv6ConnectionIsChecked(askingTheKernel: Bool) async throws {
        let check = LoopbackPeerCheck(userID: CurrentProcess.effectiveUserID &+ 1, asksTheKernel: askingTheKernel)
        let receiver = try await LoopbackReceiver.start(
            callbackURL: try #require(URL(string: "http://[::1]:0/callback")), expectedState: Self.state,
            configuration: .init(peerCheck: check), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        // Found by the kernel, or in /proc/net/tcp6, as someone else's (the check serves another uid): refused.
        await #expect(throws: (any Error).self) {
            _ = try await RawHTTPClient.get("/favicon.ico", port: receiver.port, host: "::1")
        }
        await receiver.stop()
        let served = try await LoopbackReceiver.start(
            callbackURL: try #require(URL(string: "http://[::1]:0/callback")), expectedState: Self.state,
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        #expect(try await RawHTTPClient.get("/favicon.ico", port: served.port, host: "::1").status == 404)
        await served.stop()
    }

    @Test func aConnectionFromThisUserIsServed() async throws {
        let (logger, messages) = CapturingLogHandler.logger()
        let receiver = try await start(logger: logger)
        let page = try await RawHTTPClient.get("/favicon.ico", port: receiver.port)
        #expect(page.status == 404)
        #expect(messages.all.contains { $0.contains("checks who connects with netlink sock_diag") })
        await receiver.stop()
    }

    @Test func withoutSocketTablesTheListenerSaysSoOnceAndServesEveryone() async throws {
        let (logger, messages) = CapturingLogHandler.logger()
        let receiver = try await start(
            configuration: .init(
                peerCheck: LoopbackPeerCheck(tablePaths: ["/nonexistent/net/tcp"], userID: 1, asksTheKernel: false)),
            logger: logger)
        #expect(try await RawHTTPClient.get("/favicon.ico", port: receiver.port).status == 404)
        #expect(try await RawHTTPClient.get("/favicon.ico", port: receiver.port).status == 404)
        #expect(messages.all.filter { $0.contains("cannot tell which user a connection") }.count == 1)
        await receiver.stop()
    }

    @Test func tablesThatDoNotListTheListenerCannotRefuseAConnection() async throws {
        // A sandboxed kernel or another namespace's /proc shows sockets, but none of ours: finding
        // no client there says nothing about who connected.
        let folder = try TemporaryFolder()
        let table = URL(fileURLWithPath: folder.path).appending(path: "tcp")
        try Data(
            (TCPSocketTableTests.header
                + "   0: 0302010A:0050 0100007F:2310 01 00000000:00000000 00:00000000 00000000    7        0 1\n").utf8
        ).write(to: table)
        let (logger, messages) = CapturingLogHandler.logger()
        let receiver = try await start(
            configuration: .init(
                peerCheck: LoopbackPeerCheck(tablePaths: [table.path], userID: 1, asksTheKernel: false)), logger: logger
        )
        #expect(try await RawHTTPClient.get("/favicon.ico", port: receiver.port).status == 404)
        #expect(messages.all.contains { $0.contains("no socket table lists it") })
        await receiver.stop()
    }

    @Test func theStartLinkRedirectsToTheAuthorizationURL() async throws {
        let receiver = try await start()
        let url = receiver.startURL(redirectingTo: Self.authorizationURL)
        #expect(url.host() == "127.0.0.1" && url.port == receiver.port && url.query() == nil)
        #expect(!url.absoluteString.contains("state"))
        let answer = try await RawHTTPClient.get(url.path(percentEncoded: true), port: receiver.port)
        #expect(answer.status == 303)
        #expect(answer.header("Location") == Self.authorizationURL.absoluteString)
        #expect(answer.header("Cache-Control") == "no-store")
        #expect(!answer.body.contains("state"))
        await receiver.stop()
    }

    @Test func theStartLinkRedirectsOnlyABoundedNumberOfTimes() async throws {
        let receiver = try await start(configuration: .init(startLinkUses: 2))
        let target = startTarget(receiver)
        #expect(try await RawHTTPClient.get(target, port: receiver.port).status == 303)
        #expect(try await RawHTTPClient.get(target, port: receiver.port).status == 303)
        let spent = try await RawHTTPClient.get(target, port: receiver.port)
        #expect(spent.status == 410)
        #expect(spent.header("Location") == nil)
        await receiver.stop()
    }

    @Test func aStartLinkWithAnotherNonceGetsNoRedirect() async throws {
        let receiver = try await start()
        let target = startTarget(receiver)
        let forged = try await RawHTTPClient.get(String(target.dropLast()) + "x", port: receiver.port)
        #expect(forged.status == 410)
        #expect(forged.header("Location") == nil)
        #expect(try await RawHTTPClient.get("/start/", port: receiver.port).status == 410)
        await receiver.stop()
    }

    @Test func theStartLinkIsNotLoggedWithItsNonce() async throws {
        let (logger, messages) = CapturingLogHandler.logger()
        let receiver = try await start(logger: logger)
        let target = startTarget(receiver)
        _ = try await RawHTTPClient.get(target, port: receiver.port)
        let nonce = String(target.dropFirst("/start/".count))
        #expect(!messages.all.isEmpty)
        #expect(!messages.all.contains { $0.contains(nonce) || $0.contains(Self.state) })
        await receiver.stop()
    }
}
