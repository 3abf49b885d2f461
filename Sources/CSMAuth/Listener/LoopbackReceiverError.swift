/// Why the loopback listener could not start, or why the browser's callback did not end in a code.
///
/// The description is one line a user can act on. It never contains the authorization code,
/// the `state`, or any other text of a request: the only request-derived value it may name is an
/// OAuth error code, and that is cut to a short token of `[A-Za-z0-9_.-]` first.
public struct LoopbackReceiverError: CategorizedError, Sendable, Equatable {
    /// The kind of failure; a struct so new kinds don't break callers' switches.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Kind: String, Hashable, Sendable {
            case nonLoopbackHost, unsupportedCallbackURL, portInUse, bindFailed
            case stateMismatch, accessDenied, authorizationFailed, missingCode, malformedCallback
            case timedOut, cancelled
        }
        let kind: Kind

        /// The callback URL's host is not a loopback address or `localhost`.
        public static let nonLoopbackHost = Code(kind: .nonLoopbackHost)
        /// The callback URL is not `http://`, has no host, no path, or a port out of range.
        public static let unsupportedCallbackURL = Code(kind: .unsupportedCallbackURL)
        /// Another program already listens on the callback port.
        public static let portInUse = Code(kind: .portInUse)
        /// The address could not be bound for another reason (no permission, no such address).
        public static let bindFailed = Code(kind: .bindFailed)
        /// The callback's `state` is missing, repeated or not the one this login sent.
        public static let stateMismatch = Code(kind: .stateMismatch)
        /// The user denied consent (`error=access_denied`).
        public static let accessDenied = Code(kind: .accessDenied)
        /// The authorization server answered with another OAuth error.
        public static let authorizationFailed = Code(kind: .authorizationFailed)
        // swift-format-ignore: DontRepeatTypeInStaticProperties
        /// The callback had the right `state` but no `code`.
        public static let missingCode = Code(kind: .missingCode)
        /// The callback could not be read: a repeated `code`, a request target that is not a URL, or
        /// (`login --paste`) pasted text that is not a URL with the callback's path.
        public static let malformedCallback = Code(kind: .malformedCallback)
        /// No callback arrived in time.
        public static let timedOut = Code(kind: .timedOut)
        /// The receiver was stopped, or the waiting task cancelled, before a callback arrived.
        public static let cancelled = Code(kind: .cancelled)

        /// The code's name, such as `portInUse` or `stateMismatch`.
        public var description: String { kind.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// For ``Code/authorizationFailed``: the OAuth `error` value, sanitised (at most 64 characters of `[A-Za-z0-9_.-]`).
    public let oauthError: String?
    /// One line a user can act on.
    public let description: String

    init(_ code: Code, _ description: String, oauthError: String? = nil) {
        self.code = code
        self.description = description
        self.oauthError = oauthError
    }

    /// ``ErrorCategory/usage`` for a callback URL that cannot be used (``Code/nonLoopbackHost``,
    /// ``Code/unsupportedCallbackURL``); ``ErrorCategory/failure`` for everything else.
    public var category: ErrorCategory {
        switch code.kind {
        case .nonLoopbackHost, .unsupportedCallbackURL: .usage
        default: .failure
        }
    }
}

extension LoopbackReceiverError {
    static func nonLoopbackHost(_ host: String) -> Self {
        Self(.nonLoopbackHost, "callback host \(host) is not a loopback address: use localhost, 127.0.0.1 or [::1]")
    }

    static func unsupportedCallbackURL(_ reason: String) -> Self {
        Self(.unsupportedCallbackURL, "unsupported callback URL: \(reason)")
    }

    static func portInUse(port: Int, host: String) -> Self {
        Self(
            .portInUse,
            "port \(port) on \(host) is already in use: stop what uses it or pick another with --port N "
                + "(and register that callback URL in your Atlassian app)")
    }

    static func bindFailed(port: Int, host: String, reason: String) -> Self {
        Self(.bindFailed, "cannot listen on \(host) port \(port): \(reason)")
    }

    static let stateMismatch = Self(
        .stateMismatch,
        "the callback's state does not match this login: possible cross-site request forgery, "
            + "or a callback from an older login; run the login again")

    static let accessDenied = Self(
        .accessDenied, "consent was denied in the browser; run the login again and choose Accept to log in")

    static func authorizationFailed(_ oauthError: String) -> Self {
        Self(
            .authorizationFailed,
            "the authorization server refused the request (\(oauthError)); check the app's client id, scopes and callback URL",
            oauthError: oauthError)
    }

    static let missingCode = Self(
        .missingCode, "the callback carried no authorization code; run the login again")

    static let malformedCallback = Self(
        .malformedCallback, "the callback could not be read (a repeated or malformed parameter); run the login again")

    static let pastedTextIsNotAURL = Self(
        .malformedCallback,
        "the pasted text is not a URL: after consenting, copy the whole address from the browser's address bar")

    static func pastedURLHasAnotherPath(expected callbackPath: String) -> Self {
        Self(
            .malformedCallback,
            "the pasted URL's path is not the callback path \(callbackPath): copy the address the browser was sent to after consenting"
        )
    }

    static func timedOut(after timeout: Duration, callbackURL: String) -> Self {
        Self(
            .timedOut,
            "no callback arrived at \(callbackURL) within \(timeout.secondsText) s. Likely causes: the URL was not "
                + "opened or its tab was closed; Atlassian showed an error page (redirect_uri not registered: add this exact "
                + "URL to your app's callback URLs; or a scope the app lacks); the browser runs on another machine "
                + "(use --no-browser and the ssh -L line)")
    }

    static let cancelled = Self(.cancelled, "the login was cancelled before the browser's callback arrived")

}
