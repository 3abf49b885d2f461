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

    /// Checks that a login can listen on `callbackURL`: `http://`, a loopback host (`localhost`,
    /// `127.x.y.z` or `[::1]`), a port and a path, without query, fragment or user.
    /// - Throws: ``LoopbackReceiverError`` saying what is wrong.
    public static func validate(callbackURL: URL) throws {
        try LoopbackReceiver.validate(callbackURL: callbackURL)
    }

    public var profile: String
    public var client: ClientCredentials
    public var scopes: [String]
    /// Which site to pick (cloudId, URL, host or name); nil to pick the only one or ask.
    public var site: String?
    public var callbackURL: URL
    public var mode: Mode
    public var timeout: Duration
    public var storage: StorageKind
    /// The profile's settings as ``LoginSettings`` read them (so the login does not read them
    /// again before its commit); nil when nothing was read yet.
    var savedSettings: ProfileSettings??

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
