import CSMAuth
import CSMSandbox
import Foundation
import Logging
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// One test's world for ``LoginFlow`` and ``CSMClient``: a running sandbox, a client registered
/// with a free loopback callback, and a temporary HOME that holds the configuration, the
/// credential files (`.file` storage) and the locks. The kernel cache is off, so nothing here
/// reads or writes the user's kernel keyring, and no keyring daemon is needed.
final class LoginHome: Sendable {
    static let clientID = "csm-seam-client"
    static let clientSecret = "csm-seam-secret"
    static let profile = "work"
    static let scopes = ["read:organization:jira-service-management", "read:customer:jira-service-management"]

    let folder: TemporaryFolder
    let sandbox: SandboxServer
    let callbackURL: URL
    let environment: CSMAuthEnvironment
    let logger = Logger(label: "csm-auth-seam-test") { _ in SwiftLogNoOpLogHandler() }

    /// - Parameter variables: added to (or replacing) the test's variables, e.g. `BROWSER`.
    init(sandbox: SandboxServer, callbackURL: URL, variables: [String: String] = [:]) throws {
        folder = try TemporaryFolder()
        self.sandbox = sandbox
        self.callbackURL = callbackURL
        // XDG_RUNTIME_DIR is only used when it is a private folder: without one, the locks would
        // go to the real /run/user/UID/csm-auth.
        let runtime = folder.path + "/runtime"
        try FileManager.default.createDirectory(
            atPath: runtime, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var all = [
            "HOME": folder.path,
            "CSM_AUTH_CONFIG_DIR": folder.path + "/config",
            "XDG_DATA_HOME": folder.path + "/data",
            "XDG_STATE_HOME": folder.path + "/state",
            "XDG_RUNTIME_DIR": runtime,
            "CSM_AUTH_KERNEL_CACHE": "0",
            "CSM_AUTH_AUTH_URL": sandbox.baseURL,
            "CSM_AUTH_API_URL": sandbox.baseURL,
            "PATH": "/usr/bin:/bin",
        ]
        all.merge(variables) { $1 }
        // Named as the command whose hints these tests check, not as the test runner.
        environment = CSMAuthEnvironment(variables: all, toolName: "csm-auth")
    }

    /// A sandbox client whose only registered callback is `callbackURL`, as a developer registers it.
    static func client(callbackURL: URL) -> SandboxClient {
        SandboxClient(id: clientID, secret: clientSecret, redirectURIs: [callbackURL.absoluteString])
    }

    /// `http://127.0.0.1:PORT/callback` on a port nothing listens on.
    static func freeCallbackURL() throws -> URL {
        try #require(URL(string: "http://127.0.0.1:\(try freeLoopbackPort())/callback"))
    }

    /// Runs `body` with a sandbox whose client is registered for a fresh callback URL, and its home.
    static func with(
        _ configuration: SandboxConfiguration = SandboxConfiguration(autoApprove: true),
        variables: [String: String] = [:],
        _ body: (LoginHome) async throws -> Void
    ) async throws {
        let callbackURL = try freeCallbackURL()
        var configuration = configuration
        configuration.clients = [client(callbackURL: callbackURL)]
        try await withSandbox(configuration) { sandbox in
            try await body(try LoginHome(sandbox: sandbox, callbackURL: callbackURL, variables: variables))
        }
    }

    // MARK: Logging in

    func request(
        mode: LoginRequest.Mode = .browser, site: String? = nil, scopes: [String] = LoginHome.scopes,
        secret: String = LoginHome.clientSecret, storage: StorageKind = .file
    ) -> LoginRequest {
        // The timeout only bounds a test whose browser went wrong; no assertion depends on it.
        LoginRequest(
            profile: Self.profile, client: ClientCredentials(id: Self.clientID, secret: Secret(secret)), scopes: scopes,
            site: site,
            callbackURL: callbackURL, mode: mode, timeout: .seconds(120), storage: storage)
    }

    var flow: LoginFlow {
        LoginFlow(environment: environment, transport: CurlTransport(), logger: logger)
    }

    /// A whole login in paste mode (no listener), for tests that need a logged-in profile.
    @discardableResult
    func logInByPaste(scopes: [String] = LoginHome.scopes, chooseSite cloudID: String? = nil) async throws
        -> LoginOutcome
    {
        let interaction = ScriptedInteraction(
            paste: .redirect, siteChoice: { sites in sites.first { $0.id == cloudID } })
        return try await flow.run(request(mode: .paste, scopes: scopes), interaction: interaction)
    }

    func session() -> AuthSession {
        AuthSession(profile: Self.profile, environment: environment, transport: CurlTransport(), logger: logger)
    }

    // MARK: What was saved

    var fileStore: FileStore { FileStore(paths: environment.paths) }

    func settings() throws -> ProfileSettings? {
        try Profiles(environment: environment).settings(Self.profile)
    }

    func credentials() async throws -> StoredCredentials? {
        try await fileStore.load(profile: Self.profile)
    }

    /// The configuration file's bytes; nil when there is none.
    func configText() -> String? {
        FileManager.default.contents(atPath: environment.paths.configFile).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// A clock for the sandbox that the test can move forward: expiry without sleeping.
final class SandboxClock: @unchecked Sendable {
    // @unchecked: `offset` is only touched under `lock`.
    private let lock = NSLock()
    private var offset: TimeInterval = 0

    func now() -> Date {
        lock.withLock { Date().addingTimeInterval(offset) }
    }

    func advance(by seconds: TimeInterval) {
        lock.withLock { offset += seconds }
    }
}

// MARK: - The person at the keyboard

/// A ``LoginInteraction`` that follows a script and records what the login told it.
///
/// Its "browser" is a plain HTTP client on a thread of its own (not ``CurlTransport``: the
/// callback's page waits for the login's outcome, and CurlTransport's requests share NIO's
/// small blocking pool with the login's own code exchange).
final class ScriptedInteraction: LoginInteraction, @unchecked Sendable {
    /// What `openBrowser` does.
    enum Browser: Sendable {
        /// Fetches the URL (the sandbox approves at once) and follows the redirect to the callback.
        case approve
        /// Answers the sandbox's consent page with Deny and follows the redirect to the callback.
        case deny
        /// Reports that no browser could be started; with `visitAnyway`, the user still opens the URL.
        case cannotStart(visitAnyway: Bool)
        /// Must not be called.
        case none
    }

    /// What `readPastedURL` returns.
    enum Paste: Sendable {
        /// The redirect the sandbox answers for the URL the login printed.
        case redirect
        /// That redirect with its `state` replaced.
        case redirectWithState(String)
        /// Must not be called.
        case none
    }

    private let browser: Browser
    private let paste: Paste
    private let siteChoice: @Sendable ([AccessibleResource]) -> AccessibleResource?
    /// In headless mode nobody calls `openBrowser`: the user opens the printed URL once the wait begins.
    private let visitPrintedURLWhenWaiting: Bool
    /// Why this "machine" has no browser; nil when it has one.
    let headlessReason: String?

    // @unchecked: everything below is only touched under `lock`.
    private let lock = NSLock()
    private var messages: [String] = []
    private var shownEvents: [LoginEvent] = []
    private var openedURLs: [URL] = []
    private var offeredSites: [[AccessibleResource]] = []
    private var visit: Task<RawHTTPClient.Response, any Error>?

    init(
        browser: Browser = .none, paste: Paste = .none, visitPrintedURLWhenWaiting: Bool = false,
        headlessReason: String? = nil,
        siteChoice: @escaping @Sendable ([AccessibleResource]) -> AccessibleResource? = { _ in nil }
    ) {
        self.headlessReason = headlessReason
        self.browser = browser
        self.paste = paste
        self.visitPrintedURLWhenWaiting = visitPrintedURLWhenWaiting
        self.siteChoice = siteChoice
    }

    // MARK: LoginInteraction

    /// Records the event, and its lines as the terminal would print them.
    func show(_ event: LoginEvent) {
        lock.withLock {
            shownEvents.append(event)
            messages += event.description.split(separator: "\n").map(String.init)
        }
        if case .waitingForBrowser = event, visitPrintedURLWhenWaiting, let url = printedAuthorizationURL {
            startVisit { try await PlainBrowser.approve(url) }
        }
    }

    func openBrowser(_ url: URL) -> Bool {
        lock.withLock { openedURLs.append(url) }
        switch browser {
        case .approve:
            startVisit { try await PlainBrowser.approve(url) }
            return true
        case .deny:
            startVisit { try await PlainBrowser.deny(url) }
            return true
        case .cannotStart(let visitAnyway):
            if visitAnyway { startVisit { try await PlainBrowser.approve(url) } }
            return false
        case .none:
            Issue.record("openBrowser was called with \(url.absoluteString.prefix(60))…")
            return false
        }
    }

    func readPastedURL() async throws -> String {
        guard let url = printedAuthorizationURL else {
            throw ScriptError("no authorization URL was printed before the paste")
        }
        switch paste {
        case .redirect:
            return try await PlainBrowser.redirect(of: url).absoluteString
        case .redirectWithState(let state):
            return try PlainBrowser.replacingState(in: try await PlainBrowser.redirect(of: url), with: state)
                .absoluteString
        case .none:
            Issue.record("readPastedURL was called")
            throw ScriptError("no paste in this script")
        }
    }

    func chooseSite(_ sites: [AccessibleResource]) async throws -> AccessibleResource? {
        lock.withLock { offeredSites.append(sites) }
        return siteChoice(sites)
    }

    // MARK: What happened

    var informed: [String] { lock.withLock { messages } }
    var events: [LoginEvent] { lock.withLock { shownEvents } }
    var browserOpenings: [URL] { lock.withLock { openedURLs } }
    var siteQuestions: [[AccessibleResource]] { lock.withLock { offeredSites } }

    /// The last authorization URL the login showed.
    var printedAuthorizationURL: URL? {
        events.compactMap { event -> URL? in
            switch event {
            case .pasteRequested(let url), .openingBrowser(let url), .visitRequested(let url, _, _): url
            default: nil
            }
        }.last
    }

    /// The page the browser was finally shown by the loopback listener.
    func browserPage() async throws -> RawHTTPClient.Response {
        guard let visit = lock.withLock({ visit }) else {
            throw ScriptError("the browser never visited the authorization URL")
        }
        return try await visit.value
    }

    private func startVisit(_ work: @escaping @Sendable () async throws -> RawHTTPClient.Response) {
        let task = Task { try await work() }
        lock.withLock { visit = task }
    }
}

struct ScriptError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The browser's part of a login, over plain sockets: GETs and a form POST, `Connection: close`.
enum PlainBrowser {
    /// Fetches the authorization URL under auto-approve and returns the redirect it answers.
    static func redirect(of authorizationURL: URL) async throws -> URL {
        let answer = try await send("GET", authorizationURL)
        return try location(of: answer, after: "GET /authorize")
    }

    /// The authorization URL a login's start link (`http://…/start/NONCE`, what it hands the
    /// browser) redirects to; any other URL as it is.
    static func followingStartLink(_ url: URL) async throws -> URL {
        guard url.path().hasPrefix("/start/") else { return url }
        return try location(of: try await send("GET", url), after: "GET /start/…")
    }

    /// Approves (auto-approve) and follows the redirect to the callback; returns the callback's page.
    static func approve(_ authorizationURL: URL) async throws -> RawHTTPClient.Response {
        try await send("GET", try await redirect(of: try await followingStartLink(authorizationURL)))
    }

    /// Presses Deny on the consent page and follows the redirect to the callback; returns the callback's page.
    static func deny(_ url: URL) async throws -> RawHTTPClient.Response {
        let authorizationURL = try await followingStartLink(url)
        let page = try await send("GET", authorizationURL)
        guard page.status == 200,
            let range = page.body.range(of: #"name="consent" value="[^"]+""#, options: .regularExpression)
        else {
            throw ScriptError("no consent page (HTTP \(page.status))")
        }
        let consent = page.body[range].components(separatedBy: "value=\"")[1].dropLast()
        let decisionURL = try #require(URL(string: "/authorize/decision", relativeTo: authorizationURL)?.absoluteURL)
        let decided = try await send("POST", decisionURL, form: "consent=\(consent)&decision=deny")
        return try await send("GET", try location(of: decided, after: "POST /authorize/decision"))
    }

    /// `url` with the value of its `state` parameter replaced, everything else as it was.
    static func replacingState(in url: URL, with state: String) throws -> URL {
        var components = try #require(URLComponents(url: url, resolvingAgainstBaseURL: false))
        components.percentEncodedQuery = components.percentEncodedQuery?.split(separator: "&")
            .map { $0.hasPrefix("state=") ? "state=\(state)" : String($0) }.joined(separator: "&")
        return try #require(components.url)
    }

    private static func location(of answer: RawHTTPClient.Response, after step: String) throws -> URL {
        guard (300..<400).contains(answer.status), let location = answer.header("Location"),
            let url = URL(string: location)
        else {
            throw ScriptError("\(step) answered HTTP \(answer.status) without a redirect: \(answer.body.prefix(200))")
        }
        return url
    }

    /// One request on a new connection, read until the server closes it. The long read limit
    /// only ends a test whose login hangs; the callback's page legitimately waits for the login.
    static func send(_ method: String, _ url: URL, form: String? = nil) async throws -> RawHTTPClient.Response {
        let host = try #require(url.host(percentEncoded: false))
        let port = try #require(url.port)
        let target = url.path(percentEncoded: true) + (url.query(percentEncoded: true).map { "?" + $0 } ?? "")
        var head = "\(method) \(target) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n"
        if let form {
            head += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(form.utf8.count)\r\n"
        }
        let request = head + "\r\n" + (form ?? "")
        return try await onOwnThread {
            let connection = try RawHTTPClient.Connection(host: host, port: port)
            try connection.send(Array(request.utf8))
            return try RawHTTPClient.parse(connection.readToEnd(timeout: .seconds(180)))
        }
    }
}
