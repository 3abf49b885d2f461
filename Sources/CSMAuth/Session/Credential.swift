import FoundationEssentials

/// A ready-to-use credential: what goes into the `Authorization` header, and where the CSM API is.
public struct Credential: Sendable {
    /// The `Authorization` scheme; the raw value is the word that starts the header.
    public enum Scheme: String, Sendable {
        /// An OAuth access token: `Bearer TOKEN`.
        case bearer = "Bearer"
        /// An email and API token: `Basic base64(email:token)`.
        case basic = "Basic"
    }

    /// How ``token`` is sent: ``Scheme/bearer`` or ``Scheme/basic``.
    public let scheme: Scheme
    /// The access token (Bearer) or API token (Basic).
    public let token: Secret
    /// The whole header value: `Bearer TOKEN` or `Basic base64(email:token)`.
    public let authorization: Secret
    /// When the token expires; nil when it does not (an API token) or nobody knows (`CSM_AUTH_TOKEN`).
    public let expiresAt: Date?
    /// The cloudId of the profile's site; nil when no site is selected.
    public let cloudID: String?
    /// The API gateway the credential is for (`https://api.atlassian.com` unless overridden).
    public let apiURL: URL
    /// Whether `CSM_AUTH_TOKEN` supplied it (``fromEnvironment(_:)``): no profile is involved, so
    /// its site can only come from `CSM_AUTH_CLOUD_ID`, and hints say so.
    package var isEnvironmentOverride = false

    /// A credential; ``authorization`` is worked out from `scheme`, `token` and `email`.
    /// - Parameters:
    ///   - scheme: how the token is sent.
    ///   - token: the access token or API token.
    ///   - email: the account email, used with ``Scheme/basic`` only (nil counts as empty).
    ///   - expiresAt: when the token expires; nil when it does not or is unknown.
    ///   - cloudID: the site's cloudId; nil without a site.
    ///   - apiURL: the API gateway.
    public init(scheme: Scheme, token: Secret, email: String? = nil, expiresAt: Date?, cloudID: String?, apiURL: URL) {
        self.scheme = scheme
        self.token = token
        switch scheme {
        case .bearer: authorization = Secret("Bearer \(token.reveal())")
        case .basic:
            authorization = Secret("Basic " + Data("\(email ?? ""):\(token.reveal())".utf8).base64EncodedString())
        }
        self.expiresAt = expiresAt
        self.cloudID = cloudID
        self.apiURL = apiURL
    }

    /// A credential whose header value was worked out before (the kernel cache keeps it).
    init(scheme: Scheme, token: Secret, authorization: Secret, expiresAt: Date?, cloudID: String?, apiURL: URL) {
        self.scheme = scheme
        self.token = token
        self.authorization = authorization
        self.expiresAt = expiresAt
        self.cloudID = cloudID
        self.apiURL = apiURL
    }

    /// `{API_URL}/jsm/csm/cloudid/{cloudId}`, the root that `api` paths are resolved against.
    /// Nil without a cloudId, or with one that is not an id (it could move the path elsewhere).
    public var csmRootURL: URL? {
        cloudID.flatMap { CloudID.isValid($0) ? apiURL.appending(path: "jsm/csm/cloudid/\($0)") : nil }
    }

    /// `{API_URL}/jsm/csm/cloudid/{cloudId}/api/v1`.
    public var csmBaseURL: URL? {
        csmRootURL?.appending(path: "api/v1")
    }
}

extension Credential {
    /// The credential that `CSM_AUTH_TOKEN` (with `CSM_AUTH_CLOUD_ID`) supplies, which bypasses every
    /// store — for CI jobs that are handed a token. Nil when the variable is not set (or empty).
    ///
    /// The token is sent as a Bearer token, has no known expiry, and is for the API URL of
    /// `CSM_AUTH_API_URL` or Atlassian's.
    /// - Parameter environment: the variables to read.
    /// - Throws: ``CSMAuthError`` (`.invalidInput`) when the token is not printable ASCII without
    ///   spaces (`TokenText`), `CSM_AUTH_CLOUD_ID` is not a cloudId, or `CSM_AUTH_API_URL` is not acceptable.
    package static func fromEnvironment(_ environment: CSMAuthEnvironment) throws -> Credential? {
        guard let token = environment.value("CSM_AUTH_TOKEN") else { return nil }
        guard TokenText.isValid(token) else {
            throw CSMAuthError(
                .invalidInput,
                "CSM_AUTH_TOKEN contains a space, a control character (a line break?) or a character beyond ASCII: it cannot be sent in a header"
            )
        }
        let cloudID = environment.value("CSM_AUTH_CLOUD_ID")
        if let cloudID, !CloudID.isValid(cloudID) {
            throw CSMAuthError(
                .invalidInput, "CSM_AUTH_CLOUD_ID must be a cloudId (letters, digits and '-'), not '\(cloudID)'")
        }
        var credential = Credential(
            scheme: .bearer, token: Secret(token), expiresAt: nil, cloudID: cloudID, apiURL: try environment.apiURL(nil)
        )
        credential.isEnvironmentOverride = true
        return credential
    }
}

extension Credential {
    /// What to say when Atlassian answers 401 to the token of `CSM_AUTH_TOKEN`: no store is
    /// involved and nothing refreshes it, so only a new token (or unsetting the variable) helps.
    /// - Parameter request: what was refused, such as `GET /api/v1/organization/1 answered HTTP 401`.
    package static func environmentTokenRefused(_ request: String) -> String {
        "the token in CSM_AUTH_TOKEN was refused (\(request.printableLine)); it is never refreshed: "
            + "set a fresh token, or unset CSM_AUTH_TOKEN to use the profile's login"
    }
}
