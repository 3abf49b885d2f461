import Foundation
import Logging
import TestSupport
import Testing

@testable import CSMAuth

#if canImport(Glibc)
    import Glibc
#endif

/// The loopback listener on real sockets. Every test binds port 0 unless it needs a given port.
/// On threads of their own (``DedicatedThreadExecutor``): the browser's page waits for the test's
/// own task, which must not queue behind tests that block the cooperative pool with child processes.
@Suite(.waiting) struct LoopbackReceiverTests {
    static let state = "st4te-0123456789abcdef"
    let logger = Logger(label: "csm-auth-test", factory: { _ in SwiftLogNoOpLogHandler() })

    private func start(
        _ url: String = "http://127.0.0.1:0/callback", configuration: LoopbackReceiver.Configuration = .init(),
        logger: Logger? = nil
    ) async throws -> LoopbackReceiver {
        try await LoopbackReceiver.start(
            callbackURL: try #require(URL(string: url)), expectedState: Self.state, configuration: configuration,
            logger: logger ?? self.logger)
    }

    /// Starts waiting, sends `target` to the callback, and returns the answer and the outcome.
    private func callback(
        _ target: String, receiver: LoopbackReceiver
    ) async throws -> (RawHTTPClient.Response, Result<AuthorizationCallback, LoopbackReceiverError>) {
        async let outcome = Self.outcome(of: receiver, timeout: .seconds(10))
        let response = try await RawHTTPClient.get(target, port: receiver.port)
        return (response, await outcome)
    }

    /// A loopback address of this test's own, in 127.0.0.0/8 (Linux answers on all of it): once
    /// its listener closes, no other test's listener can take the same address and port, so a
    /// refused connection proves this one closed.
    private static func ownLoopbackAddress() -> String {
        "127.\(Int.random(in: 1...254)).\(Int.random(in: 0...255)).\(Int.random(in: 1...254))"
    }

    private func expectRefused(port: Int, host: String) async {
        await #expect(throws: RawHTTPClient.SocketError.self) {
            _ = try await RawHTTPClient.get("/callback", port: port, host: host)
        }
    }

    // MARK: The callback decides

    @Test func goodCallbackReturnsCode() async throws {
        let host = Self.ownLoopbackAddress()
        let receiver = try await start("http://\(host):0/callback")
        async let outcome = Self.outcome(of: receiver, timeout: .seconds(10))
        // curl, a client nobody here wrote, plays the browser. Never through a proxy: a CI's
        // no_proxy names 127.0.0.1 and localhost, not the rest of 127.0.0.0/8.
        let url = "http://\(host):\(receiver.port)/callback?code=the-code&state=\(Self.state)"
        let curl = try await onOwnThread {
            try ChildProcess.run(
                "/usr/bin/curl", ["--silent", "--show-error", "--include", "--noproxy", "*", "--max-time", "10", url])
        }
        #expect(curl.status == 0, "\(curl.stderr)")
        #expect(curl.stdout.hasPrefix("HTTP/1.1 200"))
        #expect(curl.stdout.contains("You are logged in; you can close this tab and return to the terminal."))
        let callback = try await outcome.get()
        #expect(callback.code.reveal() == "the-code")
        await expectRefused(port: receiver.port, host: host)
    }

    @Test func pageWaitsForTheLoginsOutcome() async throws {
        let receiver = try await start()
        async let response = RawHTTPClient.get("/callback?code=stale&state=\(Self.state)", port: receiver.port)
        let callback = try await receiver.waitForCallback(timeout: .seconds(10))
        #expect(callback.code.reveal() == "stale")
        // The code exchange failed (a stale code, say): the browser must not read "You are logged in".
        await receiver.respond(loggedIn: false)
        let page = try await response
        #expect(page.status == 500)
        #expect(page.body.contains("could not be completed"))
        #expect(!page.body.contains("You are logged in"))
    }

    @Test func stoppingWithAnUnansweredCallbackShowsFailure() async throws {
        let receiver = try await start()
        async let response = RawHTTPClient.get("/callback?code=c&state=\(Self.state)", port: receiver.port)
        _ = try await receiver.waitForCallback(timeout: .seconds(10))
        await receiver.stop()
        #expect(try await response.status == 500)
    }

    @Test func callbackBeforeTheWaitIsKept() async throws {
        let receiver = try await start()
        async let response = RawHTTPClient.get("/callback?state=\(Self.state)&code=early", port: receiver.port)
        try await Task.sleep(for: .milliseconds(200))
        let callback = try await receiver.waitForCallback(timeout: .seconds(30))
        #expect(callback.code.reveal() == "early")
        await receiver.respond(loggedIn: true)
        #expect(try await response.status == 200)
    }

    /// Sends `target`, which must be answered with 400 and otherwise ignored; then a good callback still completes the login.
    private func expectIgnored(_ target: String, receiver: LoopbackReceiver) async throws {
        let ignored = try await RawHTTPClient.get(target, port: receiver.port)
        #expect(ignored.status == 400, "\(target)")
        #expect(ignored.body.contains("does not belong to the login in progress"), "\(target)")
        let (response, outcome) = try await callback(
            "/callback?code=the-real-one&state=\(Self.state)", receiver: receiver)
        #expect(response.status == 200)
        #expect(try outcome.get().code.reveal() == "the-real-one")
    }

    @Test func wrongStateIsIgnoredAndTheLoginContinues() async throws {
        try await expectIgnored("/callback?code=c&state=someone-elses", receiver: try await start())
    }

    @Test func missingStateIsIgnoredAndTheLoginContinues() async throws {
        try await expectIgnored("/callback?code=c", receiver: try await start())
    }

    @Test func repeatedStateIsIgnoredAndTheLoginContinues() async throws {
        try await expectIgnored("/callback?code=c&state=forged&state=\(Self.state)", receiver: try await start())
    }

    @Test func unreadableQueryIsIgnoredAndTheLoginContinues() async throws {
        let receiver = try await start()
        let ignored = try await RawHTTPClient.get("/callback?code=%zz&state=%", port: receiver.port)
        #expect(ignored.status == 400)
        let (response, outcome) = try await callback("/callback?code=ok&state=\(Self.state)", receiver: receiver)
        #expect(response.status == 200)
        #expect(try outcome.get().code.reveal() == "ok")
    }

    @Test func missingCodeIsRejected() async throws {
        let receiver = try await start()
        let (response, outcome) = try await callback("/callback?state=\(Self.state)", receiver: receiver)
        #expect(response.status == 400)
        #expect(response.body.contains("no authorization code"))
        #expect(outcome.failure?.code == .missingCode)
    }

    @Test func accessDeniedIsReported() async throws {
        let receiver = try await start()
        let (response, outcome) = try await callback(
            "/callback?error=access_denied&error_description=User%20did%20not%20authorize&state=\(Self.state)",
            receiver: receiver)
        #expect(response.status == 403)
        #expect(response.body.contains("Consent was denied"))
        #expect(outcome.failure?.code == .accessDenied)
        #expect(
            outcome.failure?.description
                == "consent was denied in the browser; run the login again and choose Accept to log in")
    }

    @Test func otherOAuthErrorIsReported() async throws {
        let receiver = try await start()
        let (response, outcome) = try await callback(
            "/callback?error=unauthorized_client&state=\(Self.state)", receiver: receiver)
        #expect(response.status == 400)
        #expect(!response.body.contains("unauthorized_client"))
        #expect(outcome.failure?.code == .authorizationFailed)
        #expect(outcome.failure?.oauthError == "unauthorized_client")
        #expect(outcome.failure?.description.contains("unauthorized_client") == true)
    }

    @Test func forgedErrorWithWrongStateIsIgnored() async throws {
        try await expectIgnored("/callback?error=access_denied&state=forged", receiver: try await start())
    }

    @Test func repeatedCodeIsRejected() async throws {
        let receiver = try await start()
        let (response, outcome) = try await callback("/callback?code=a&state=\(Self.state)&code=b", receiver: receiver)
        #expect(response.status == 400)
        #expect(outcome.failure?.code == .malformedCallback)
    }

    // MARK: Everything else keeps the login waiting

    @Test func faviconAndOtherPathsGet404AndLoginContinues() async throws {
        let receiver = try await start()
        for target in [
            "/favicon.ico", "/", "/callback/", "/Callback", "/callbackx", "/other?code=c&state=\(Self.state)",
        ] {
            let response = try await RawHTTPClient.get(target, port: receiver.port)
            #expect(response.status == 404, "\(target)")
            #expect(response.body.contains("not part of this login"))
        }
        let post = try await RawHTTPClient.exchange(
            "POST /callback?code=c&state=\(Self.state) HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc",
            port: receiver.port)
        #expect(post.status == 405)
        #expect(post.header("allow") == "GET")
        let (response, outcome) = try await callback(
            "/callback?code=still-waiting&state=\(Self.state)", receiver: receiver)
        #expect(response.status == 200)
        #expect(try outcome.get().code.reveal() == "still-waiting")
    }

    @Test func secondCallbackIsRefused() async throws {
        let receiver = try await start()
        let (first, outcome) = try await callback("/callback?code=first&state=\(Self.state)", receiver: receiver)
        #expect(first.status == 200)
        #expect(try outcome.get().code.reveal() == "first")
        // The listener has stopped: the port refuses; a callback that raced in before would get 409.
        do {
            let second = try await RawHTTPClient.get("/callback?code=second&state=\(Self.state)", port: receiver.port)
            #expect(second.status == 409)
        } catch let error as RawHTTPClient.SocketError {
            #expect(error.errno == ECONNREFUSED)
        }
        // And the outcome does not change.
        #expect(try await receiver.waitForCallback(timeout: .seconds(1)).code.reveal() == "first")
    }

    @Test func aCallbackAfterTheOutcomeIsClaimedGetsAlreadyFinished() {
        let session = LoopbackSession()
        #expect(session.claim())
        #expect(!session.claim())
        session.finish(.success(AuthorizationCallback(code: Secret("c"))))
        #expect(!session.claim())
        session.end(with: .timedOut(after: .seconds(1), callbackURL: "http://localhost:1/cb"))
        guard case .finished(.success(let callback)) = session.phase else {
            Issue.record("the first outcome must stay")
            return
        }
        #expect(callback.code.reveal() == "c")
        #expect(CallbackPage.alreadyFinished.status.code == 409)
    }

    // MARK: Binding

    @Test(arguments: [
        "http://example.com:8976/callback", "http://0.0.0.0:8976/callback", "http://192.168.1.2:8976/callback",
        "http://[::]:8976/callback", "http://10.0.0.1:8976/callback", "http://localhost.example.com:8976/callback",
        "http://127.0.0.1.nip.io:8976/callback", "http://[::ffff:127.0.0.1]:8976/callback",
    ])
    func nonLoopbackCallbackHostIsRefused(url: String) async throws {
        let error = await #expect(throws: LoopbackReceiverError.self) { try await start(url) }
        #expect(error?.code == .nonLoopbackHost)
        #expect(error?.category == .usage)
        #expect(error?.description.hasSuffix("is not a loopback address: use localhost, 127.0.0.1 or [::1]") == true)
    }

    @Test func httpsCallbackSchemeIsRefused() async throws {
        let error = await #expect(throws: LoopbackReceiverError.self) {
            try await start("https://localhost:0/callback")
        }
        #expect(error?.code == .unsupportedCallbackURL)
        #expect(error?.category == .usage)
    }

    @Test(arguments: [
        "http://localhost:0", "http:/callback", "http://localhost:70000/callback", "http://localhost:0/cb#x",
    ])
    func unsupportedCallbackURLIsRefused(url: String) async throws {
        let error = await #expect(throws: LoopbackReceiverError.self) { try await start(url) }
        #expect(error?.code == .unsupportedCallbackURL)
        #expect(error?.category == .usage)
    }

    @Test func portInUseIsReported() async throws {
        let other = try ListeningSocket(host: "127.0.0.1")
        let error = await #expect(throws: LoopbackReceiverError.self) {
            try await start("http://127.0.0.1:\(other.port)/callback")
        }
        #expect(error?.code == .portInUse)
        #expect(error?.category == .failure)
        #expect(error?.description.hasPrefix("port \(other.port) on 127.0.0.1 is already in use") == true)
    }

    @Test(.enabled(if: ListeningSocket.ipv6LoopbackAvailable))
    func localhostRefusesAPortTakenOnIPv6Only() async throws {
        // A browser may resolve localhost to ::1: listening on 127.0.0.1 alone would hand the code to the other program.
        // The port is one no other test of this process binds (below the ephemeral range, handed out
        // once), so no other listener can appear on 127.0.0.1 with its number meanwhile.
        let other = try ListeningSocket(host: "::1", port: try freeLoopbackPort())
        let error = await #expect(throws: LoopbackReceiverError.self) {
            try await start("http://localhost:\(other.port)/callback")
        }
        #expect(error?.code == .portInUse)
        #expect(error?.description.contains("on [::1]") == true)
        // The IPv4 half was released again: no socket of this process listens on 127.0.0.1 at the port.
        // (Binding it again would race other tests and other programs for the port.)
        let ours = try Self.kernelListeners(port: other.port, tables: ["/proc/net/tcp"], ofThisProcessOnly: true)
        #expect(!ours.contains("0100007F"), "\(ours)")
    }

    @Test func listenerIsBoundToLoopbackOnly() async throws {
        let receiver = try await start("http://localhost:0/callback")
        defer { Task { await receiver.stop() } }
        let port = receiver.port
        let allowed = ["127.0.0.1:\(port)", "[::1]:\(port)"]
        #expect(!receiver.boundAddresses.isEmpty)
        #expect(receiver.boundAddresses.allSatisfy(allowed.contains))
        // What the kernel says listens on that port: loopback addresses only, no wildcard.
        let listeners = try Self.kernelListeners(port: port)
        #expect(!listeners.isEmpty)
        #expect(listeners.allSatisfy { $0 == "0100007F" || $0 == "00000000000000000000000001000000" }, "\(listeners)")
    }

    @Test func ipv4LiteralBindsThatAddressOnly() async throws {
        let receiver = try await start("http://127.0.0.1:0/callback")
        #expect(receiver.boundAddresses == ["127.0.0.1:\(receiver.port)"])
        // The IPv4 table only: a parallel test may hold [::1] on the same port number.
        let listeners = try Self.kernelListeners(port: receiver.port, tables: ["/proc/net/tcp"])
        #expect(listeners.contains("0100007F") && listeners.allSatisfy { $0 == "0100007F" }, "\(listeners)")
        await receiver.stop()
    }

    @Test(.enabled(if: ListeningSocket.ipv6LoopbackAvailable))
    func ipv6LiteralBindsThatAddressOnly() async throws {
        let receiver = try await start("http://[::1]:0/callback")
        #expect(receiver.boundAddresses == ["[::1]:\(receiver.port)"])
        #expect(receiver.redirectURI == "http://[::1]:\(receiver.port)/callback")
        let (response, outcome) = try await Self.callback(
            "/callback?code=v6&state=\(Self.state)", receiver: receiver, host: "::1")
        #expect(response.status == 200)
        #expect(try outcome.get().code.reveal() == "v6")
    }

    @Test func localhostBindsIPv4AndIPv6WhenAvailable() async throws {
        let receiver = try await start("http://localhost:0/callback")
        let port = receiver.port
        if ListeningSocket.ipv6LoopbackAvailable {
            #expect(receiver.boundAddresses == ["127.0.0.1:\(port)", "[::1]:\(port)"])
            // Both answer: a 404 on IPv4 keeps the login waiting, then the callback arrives over IPv6.
            #expect(try await RawHTTPClient.get("/favicon.ico", port: port, host: "127.0.0.1").status == 404)
            let (response, outcome) = try await Self.callback(
                "/callback?code=both&state=\(Self.state)", receiver: receiver, host: "::1")
            #expect(response.status == 200)
            #expect(try outcome.get().code.reveal() == "both")
        } else {
            #expect(receiver.boundAddresses == ["127.0.0.1:\(port)"])
            await receiver.stop()
        }
    }

    @Test func portZeroPicksAFreePortAndRedirectURIHasIt() async throws {
        let receiver = try await start("http://localhost:0/callback")
        #expect(receiver.port > 0)
        #expect(receiver.redirectURI == "http://localhost:\(receiver.port)/callback")
        await receiver.stop()
        // A given port is kept, and the URL is sent exactly as registered.
        let port = try freeLoopbackPort()
        let fixed = try await start("http://127.0.0.1:\(port)/oauth/callback")
        #expect(fixed.port == port)
        #expect(fixed.redirectURI == "http://127.0.0.1:\(port)/oauth/callback")
        await fixed.stop()
    }

    // MARK: Time and size limits

    @Test func timeoutIsReported() async throws {
        let host = Self.ownLoopbackAddress()
        let receiver = try await start("http://\(host):0/callback")
        let clock = ContinuousClock()
        let started = clock.now
        let error = await #expect(throws: LoopbackReceiverError.self) {
            try await receiver.waitForCallback(timeout: .milliseconds(300))
        }
        // Generous on purpose: this proves the timeout fires at all, not how fast (a loaded CI machine is slow).
        #expect(clock.now - started < .seconds(60))
        #expect(error?.code == .timedOut)
        #expect(error?.category == .failure)
        #expect(error?.description.hasPrefix("no callback arrived at \(receiver.redirectURI) within 0.3 s.") == true)
        #expect(error?.description.contains(receiver.redirectURI) == true)
        await expectRefused(port: receiver.port, host: host)
    }

    @Test func stopCancelsTheWait() async throws {
        let host = Self.ownLoopbackAddress()
        let receiver = try await start("http://\(host):0/callback")
        async let outcome = Self.outcome(of: receiver, timeout: .seconds(30))
        try await Task.sleep(for: .milliseconds(50))
        await receiver.stop()
        await receiver.stop()  // idempotent
        #expect(await outcome.failure?.code == .cancelled)
        await expectRefused(port: receiver.port, host: host)
    }

    @Test func idlePreconnectDoesNotBlockTheCallback() async throws {
        let receiver = try await start()
        // Browsers open sockets they may never use; two of them sit idle while the real callback arrives.
        let idle = try await RawHTTPClient.connectIdle(port: receiver.port)
        let partial = try await RawHTTPClient.connectIdle(port: receiver.port)
        try partial.send(Array("GET /callback?code=x".utf8))
        let (response, outcome) = try await callback("/callback?code=real&state=\(Self.state)", receiver: receiver)
        #expect(response.status == 200)
        #expect(try outcome.get().code.reveal() == "real")
        // Finishing the login closed them too.
        #expect(try await onOwnThread { try idle.readToEnd(timeout: .seconds(30)) }.isEmpty)
    }

    @Test func silentOrTricklingConnectionIsClosedAfterTheReadTimeout() async throws {
        // The deadline applies to the last, good connection too: it must leave a loaded machine
        // time to send that request, and still end well before the 2 s of trickling below.
        let receiver = try await start(configuration: .init(requestReadTimeout: .seconds(1)))
        let idle = try await RawHTTPClient.connectIdle(port: receiver.port)
        let trickle = try await RawHTTPClient.connectIdle(port: receiver.port)
        let clock = ContinuousClock()
        let started = clock.now
        // One byte every 100 ms never lets an idle timer fire; the whole-request deadline still does.
        async let trickled: Void = onOwnThread {
            for byte in Array("GET /callback?state=".utf8) {
                guard (try? trickle.send([byte])) != nil else { return }
                usleep(100_000)
            }
        }
        // Closed by the server, both of them, with nothing sent: an orderly end or a reset.
        #expect(try await onOwnThread { try idle.readUntilClosed(timeout: .seconds(30)) }.isEmpty)
        #expect(try await onOwnThread { try trickle.readUntilClosed(timeout: .seconds(30)) }.isEmpty)
        try await trickled
        // Generous on purpose: this proves the deadline closes the connections, not how fast.
        #expect(clock.now - started < .seconds(60))
        // The login kept waiting.
        let (response, outcome) = try await callback("/callback?code=after&state=\(Self.state)", receiver: receiver)
        #expect(response.status == 200)
        #expect(try outcome.get().code.reveal() == "after")
    }

    @Test func oversizedRequestHeadIsRefused() async throws {
        let receiver = try await start()
        let bigHeader = "X-Padding: " + String(repeating: "a", count: 20_000) + "\r\n"
        let byHeader = try await RawHTTPClient.get(
            "/callback?code=c&state=\(Self.state)", port: receiver.port, extraHeaders: bigHeader)
        #expect(byHeader.status == 431)
        // A huge request line is counted too, and does not decide the login.
        let bigQuery = "/callback?code=c&state=\(Self.state)&pad=" + String(repeating: "b", count: 20_000)
        let byQuery = try await RawHTTPClient.get(bigQuery, port: receiver.port)
        #expect(byQuery.status == 431)
        // A head sent in pieces is refused as soon as it passes the limit, before it is complete.
        let pieces = try await onOwnThread {
            let connection = try RawHTTPClient.Connection(host: "127.0.0.1", port: receiver.port)
            try connection.send(
                Array("GET /callback HTTP/1.1\r\nX-A: \(String(repeating: "a", count: 10_000))\r\n".utf8))
            usleep(50_000)
            try connection.send(Array("X-B: \(String(repeating: "b", count: 10_000))\r\n".utf8))
            return try RawHTTPClient.parse(connection.readToEnd())
        }
        #expect(pieces.status == 431)
        let (response, outcome) = try await callback("/callback?code=fits&state=\(Self.state)", receiver: receiver)
        #expect(response.status == 200)
        #expect(try outcome.get().code.reveal() == "fits")
    }

    @Test func oversizedBodyIsRefused() async throws {
        let receiver = try await start()
        let size = LoopbackHTTPHandler.maximumBodyBytes + 10
        let request =
            "PUT /x HTTP/1.1\r\nHost: x\r\nContent-Length: \(size)\r\n\r\n" + String(repeating: "z", count: size)
        let response = try await RawHTTPClient.exchange(request, port: receiver.port)
        #expect(response.status == 413)
        await receiver.stop()
    }

    // MARK: Pages

    @Test func pagesNeverReflectRequestInput() async throws {
        let script = "%3Cscript%3Ealert(1)%3C%2Fscript%3E"
        let receiver = try await start()
        let notFound = try await RawHTTPClient.get("/\(script)?q=\(script)", port: receiver.port)
        #expect(notFound.status == 404)
        let response = try await RawHTTPClient.get(
            "/callback?code=\(script)&state=\(script)&error=\(script)&error_description=\(script)", port: receiver.port)
        #expect(response.status == 400)
        for body in [notFound.body, response.body] {
            #expect(!body.contains("<script"))
            #expect(!body.contains("alert"))
            #expect(!body.contains("%3C"))
        }
        // Every page is one of the constants, whatever was asked.
        let pages = Set(CallbackPage.allCases.map { String(decoding: $0.body, as: UTF8.self) })
        #expect(pages.contains(notFound.body))
        #expect(pages.contains(response.body))
    }

    @Test func pagesCarrySecurityHeaders() async throws {
        let receiver = try await start()
        let notFound = try await RawHTTPClient.get("/favicon.ico", port: receiver.port)
        let (success, _) = try await callback("/callback?code=c&state=\(Self.state)", receiver: receiver)
        for response in [notFound, success] {
            #expect(response.header("content-type") == "text/html; charset=utf-8")
            #expect(response.header("cache-control") == "no-store")
            #expect(response.header("connection") == "close")
            #expect(response.header("content-security-policy") == "default-src 'none'; style-src 'unsafe-inline'")
            #expect(response.header("x-frame-options") == "DENY")
            #expect(response.header("referrer-policy") == "no-referrer")
            #expect(response.header("content-length") == String(response.body.utf8.count))
        }
    }

    @Test func nothingLogsTheCodeOrState() async throws {
        let (logger, messages) = CapturingLogHandler.logger()
        let receiver = try await start(logger: logger)
        _ = try await RawHTTPClient.get("/favicon.ico?code=leak-code-1&state=\(Self.state)", port: receiver.port)
        let (_, outcome) = try await callback("/callback?code=leak-code-2&state=\(Self.state)", receiver: receiver)
        #expect(try outcome.get().code.reveal() == "leak-code-2")
        let logged = messages.all.joined(separator: "\n")
        #expect(logged.contains("GET /callback"))
        #expect(logged.contains("GET /favicon.ico"))
        #expect(!logged.contains("leak-code"))
        #expect(!logged.contains(Self.state))
    }

    // MARK: Helpers

    /// Waits for the receiver's outcome; an error other than ``LoopbackReceiverError`` fails the test.
    private static func outcome(
        of receiver: LoopbackReceiver, timeout: Duration
    ) async -> Result<AuthorizationCallback, LoopbackReceiverError> {
        do {
            let callback = try await receiver.waitForCallback(timeout: timeout)
            // The browser's page waits for the login's outcome: report success, as after an exchange.
            await receiver.respond(loggedIn: true)
            return .success(callback)
        } catch let error as LoopbackReceiverError {
            return .failure(error)
        } catch {
            Issue.record("unexpected error \(error)")
            return .failure(.cancelled)
        }
    }

    private static func callback(
        _ target: String, receiver: LoopbackReceiver, host: String
    ) async throws -> (RawHTTPClient.Response, Result<AuthorizationCallback, LoopbackReceiverError>) {
        async let outcome = Self.outcome(of: receiver, timeout: .seconds(10))
        let response = try await RawHTTPClient.get(target, port: receiver.port, host: host)
        return (response, await outcome)
    }

    /// The local addresses (hex, as in /proc/net/tcp and tcp6) of sockets listening on `port`;
    /// with `ofThisProcessOnly`, only those whose socket this process holds open.
    static func kernelListeners(
        port: Int, tables: [String] = ["/proc/net/tcp", "/proc/net/tcp6"], ofThisProcessOnly: Bool = false
    ) throws -> [String] {
        let hexPort = String(format: "%04X", port)
        let ownInodes = ofThisProcessOnly ? try socketInodesOfThisProcess() : []
        var addresses: [String] = []
        for file in tables {
            // Read to end of file: procfs files report size 0, and a size-based read stops at the first page.
            guard let handle = FileHandle(forReadingAtPath: file) else { continue }
            let table = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
            for line in table.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                guard fields.count > 9, fields[3] == "0A" else { continue }  // 0A: LISTEN
                if ofThisProcessOnly, !ownInodes.contains(String(fields[9])) { continue }
                let local = fields[1].split(separator: ":")
                if local.count == 2, local[1] == hexPort { addresses.append(String(local[0])) }
            }
        }
        return addresses
    }

    /// The inodes of the sockets this process has open, as /proc/self/fd's links name them (`socket:[INODE]`).
    static func socketInodesOfThisProcess() throws -> Set<String> {
        let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")
        var inodes: Set<String> = []
        for descriptor in descriptors {
            let link = "/proc/self/fd/\(descriptor)"
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: link),
                target.hasPrefix("socket:[")
            else { continue }
            inodes.insert(String(target.dropFirst("socket:[".count).dropLast()))
        }
        return inodes
    }
}

extension Result {
    /// The error, or `nil` on success.
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
