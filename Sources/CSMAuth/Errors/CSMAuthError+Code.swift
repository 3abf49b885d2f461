extension CSMAuthError {
    /// What went wrong, as a name programs can match and the ``ErrorCategory`` it belongs to.
    ///
    /// An extensible set rather than an enum, so new codes never break a `switch`: compare with
    /// `==` (`error.code == .notLoggedIn`), or switch over ``CSMAuthError/category``.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, as in `CSMAuthError.Code.notLoggedIn`.
        public let name: String
        /// How a caller should react to errors of this code.
        public let category: ErrorCategory

        /// A code of a tool's own, for errors it reports through ``CSMAuthError``.
        ///
        /// Codes compare by name and category: give a name that none of CSMAuth's codes has.
        /// - Parameters:
        ///   - name: the code's name, such as `quotaExceeded`.
        ///   - category: how a caller should react to errors of this code.
        public init(_ name: String, category: ErrorCategory) {
            self.name = name
            self.category = category
        }

        /// ``name``.
        public var description: String { name }

        // MARK: Log in again (category `.loginRequired`)

        /// The profile has no settings or no stored credentials.
        public static let notLoggedIn = Code("notLoggedIn", category: .loginRequired)
        /// The refresh token (or a service account's credential) was revoked or has expired.
        public static let loginRevoked = Code("loginRevoked", category: .loginRequired)
        /// The login has no refresh token (`offline_access` was not granted) and its access token expired.
        public static let noRefreshToken = Code("noRefreshToken", category: .loginRequired)
        /// The API refused the access token.
        public static let tokenRefused = Code("tokenRefused", category: .loginRequired)

        // MARK: Fix the input (category `.usage`)

        /// A flag, variable or argument is not acceptable (a profile name, a URL, a header, a path).
        public static let invalidInput = Code("invalidInput", category: .usage)
        /// No site is selected for the profile (and `CSM_AUTH_CLOUD_ID` is not set).
        public static let noSiteSelected = Code("noSiteSelected", category: .usage)
        /// The operation does not apply to this kind of login (refreshing an API token, say).
        public static let notApplicable = Code("notApplicable", category: .usage)
        /// A login needs a value nobody gave: a client id, a client secret, an API token.
        public static let missingLoginInput = Code("missingLoginInput", category: .usage)

        // MARK: Try again or look closer (category `.failure`)

        /// No site matches the one asked for.
        public static let siteNotFound = Code("siteNotFound", category: .failure)
        /// Several sites match the one asked for, or a login reaches several and nobody chose.
        public static let siteAmbiguous = Code("siteAmbiguous", category: .failure)
        /// A login reaches no site at all.
        public static let noSites = Code("noSites", category: .failure)
        /// Another process held a lock for longer than the wait allows.
        public static let lockTimeout = Code("lockTimeout", category: .failure)
        /// The settings file or a lock file cannot be used as it is (unsafe, unreadable, malformed).
        public static let invalidConfiguration = Code("invalidConfiguration", category: .failure)
        /// The login was refused: the authorization code, the client credentials or an API token.
        public static let loginRefused = Code("loginRefused", category: .failure)
        /// A server answered something unexpected (a status, a body, a cloudId that is not an id).
        public static let unexpectedResponse = Code("unexpectedResponse", category: .failure)
        /// The person did not answer in time, or standard input could not be read.
        public static let inputUnavailable = Code("inputUnavailable", category: .failure)
        /// A credential that cannot be sent as it is (a token with a line break, say), which did
        /// not come from the caller's own input: a failure (exit 1), not a usage error. Package
        /// access: the files and the keyring refuse such tokens as `.corrupt` before, so only a
        /// program's own ``Credential`` reaches it.
        package static let unusableCredential = Code("unusableCredential", category: .failure)
        /// The system refused a resource (a thread, a file).
        public static let systemFailure = Code("systemFailure", category: .failure)
        /// An asynchronous task (a bulk call's) had not ended when the wait for it ran out.
        public static let taskTimeout = Code("taskTimeout", category: .failure)
    }
}
