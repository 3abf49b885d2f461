import FoundationEssentials
import Glibc

/// Everything a 3LO login needs to know, resolved from flags, environment and the saved profile.
public struct LoginRequest: Sendable {
    /// How the browser's answer reaches csm-auth.
    public enum Mode: Sendable, Equatable {
        /// Listen on the callback URL and open the browser.
        case browser
        /// Listen, but only print the URL (and an `ssh -L` line for remote machines).
        case noBrowser
        /// No listener: the user pastes the redirected URL on standard input.
        case paste
    }

    /// The default callback URL; the app registered in Atlassian's console must list it exactly.
    public static let defaultCallbackURL = "http://localhost:8976/callback"

    public var profile: String
    public var client: ClientCredentials
    public var scopes: [String]
    /// Which site to pick (cloudId, URL, host or name); nil to pick the only one or ask.
    public var site: String?
    public var callbackURL: URL
    public var mode: Mode
    public var timeout: Duration
    public var storage: StorageKind

    public init(
        profile: String, client: ClientCredentials, scopes: [String], site: String? = nil,
        callbackURL: URL, mode: Mode = .browser, timeout: Duration = .seconds(300), storage: StorageKind = .keyring
    ) {
        self.profile = profile
        self.client = client
        self.scopes = scopes
        self.site = site
        self.callbackURL = callbackURL
        self.mode = mode
        self.timeout = timeout
        self.storage = storage
    }
}

/// The parts of a login that talk to the person: messages, the browser, pasting, choosing a site.
/// The CLI implements it on the terminal; other programs can implement it their own way.
public protocol LoginInteraction: Sendable {
    /// Shows one message (the CLI writes it to standard error).
    func inform(_ message: String)
    /// Opens `url` in a browser. Returns false when no browser could be started; a browser
    /// command that starts but then fails should be reported through `inform` when it does.
    func openBrowser(_ url: URL) -> Bool
    /// Reads the full redirected URL the user copied from the browser (paste mode).
    func readPastedURL() async throws -> String
    /// Lets the user choose one of several sites; nil when nobody can be asked (no terminal).
    func chooseSite(_ sites: [AccessibleResource]) async throws -> AccessibleResource?
    /// The login now waits for the browser until `deadline` (a terminal can show the time left).
    func waitingForBrowser(until deadline: ContinuousClock.Instant)
    /// The wait is over, whatever its outcome; called before any further message.
    func stoppedWaiting()
}

extension LoginInteraction {
    /// Shows nothing.
    public func waitingForBrowser(until deadline: ContinuousClock.Instant) {}
    /// Does nothing.
    public func stoppedWaiting() {}
}

/// The result of a login: the sites the grant reaches and the one the profile now uses.
public struct LoginOutcome: Sendable {
    /// The site the profile uses; nil when it still has to be chosen with `csm-auth sites --select`.
    public let site: AccessibleResource?
    public let sites: [AccessibleResource]
}
