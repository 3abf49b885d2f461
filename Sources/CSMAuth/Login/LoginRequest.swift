import FoundationEssentials

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
    /// - Throws: ``LoopbackReceiverError`` (`.unsupportedCallbackURL` or `.nonLoopbackHost`) saying
    ///   what is wrong.
    package static func validate(callbackURL: URL) throws {
        try LoopbackReceiver.validate(callbackURL: callbackURL)
    }

    /// The profile to log in. Give a valid profile name: ``LoginSettings`` validates it, this type
    /// does not.
    public var profile: String
    /// The OAuth app's client id and secret.
    public var client: ClientCredentials
    /// The scopes to ask for; `offline_access` is always added, so a refresh token is issued.
    public var scopes: [String]
    /// Which site to pick (cloudId, URL, host or name); nil to pick the only one or ask.
    public var site: String?
    /// Where the browser is sent back: the listener's address (see `validate(callbackURL:)`), and
    /// the `redirect_uri`, which the app must list exactly. In ``Mode/paste`` nothing listens on it.
    public var callbackURL: URL
    /// How the browser's answer comes back. Default ``Mode/browser``.
    public var mode: Mode
    /// How long the listener waits for the browser's callback. Default 300 s. In ``Mode/paste`` the
    /// wait for the pasted URL is the interaction's own (``TerminalLoginInteraction/pasteTimeout``).
    public var timeout: Duration
    /// Where the login stores its secrets. Default ``StorageKind/keyring``.
    public var storage: StorageKind
    /// The profile's settings as ``LoginSettings`` read them (so the login does not read them
    /// again before its commit); nil when nothing was read yet.
    var savedSettings: ProfileSettings??

    /// A request whose settings were not read from the profile yet: ``LoginFlow/run(_:interaction:)``
    /// reads them (``LoginSettings/oauthRequest(clientID:clientSecret:scopes:site:callbackURL:port:mode:timeout:interaction:)``
    /// builds a request that has them already).
    /// - Parameters:
    ///   - profile: the profile to log in.
    ///   - client: the OAuth app's client id and secret.
    ///   - scopes: the scopes to ask for (`offline_access` is added).
    ///   - site: the site to pick (cloudId, URL, host or name); nil to pick the only one or ask.
    ///   - callbackURL: the redirect URI the app lists.
    ///   - mode: how the browser's answer comes back; default ``Mode/browser``.
    ///   - timeout: how long to wait for the browser; default 300 s.
    ///   - storage: where the secrets go; default ``StorageKind/keyring``.
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
