/// An OAuth 2.0 (3LO) app registered with the sandbox, as one registers an app in Atlassian's developer console.
public struct SandboxClient: Sendable, Hashable {
    /// The client id sent as `client_id`.
    public var id: String
    /// The client secret; both grants require it, as Atlassian does (no PKCE).
    public var secret: String
    /// Callback URLs. `redirect_uri` must equal one of them exactly, port and path included.
    public var redirectURIs: [String]
    /// Scopes added to the app. An authorization request may ask for a subset only.
    public var scopes: [String]

    /// Creates a client.
    /// - Parameters:
    ///   - id: the client id.
    ///   - secret: the client secret.
    ///   - redirectURIs: registered callback URLs (exact match).
    ///   - scopes: the app's scopes; defaults to ``defaultScopes``.
    public init(
        id: String,
        secret: String,
        redirectURIs: [String] = SandboxClient.defaultRedirectURIs,
        scopes: [String] = SandboxClient.defaultScopes
    ) {
        self.id = id
        self.secret = secret
        self.redirectURIs = redirectURIs
        self.scopes = scopes
    }

    /// The callback URLs of the default client: csm-auth's default callback under both loopback spellings.
    public static let defaultRedirectURIs = [
        "http://localhost:8976/callback",
        "http://127.0.0.1:8976/callback",
    ]

    /// The scopes of the default client: everything the CSM API needs, plus `offline_access` and `read:me`.
    public static let defaultScopes = [
        "offline_access",
        "read:me",
        "read:customer:jira-service-management",
        "write:customer:jira-service-management",
        "read:customer.detail:jira-service-management",
        "read:customer.detail-field:jira-service-management",
        "write:customer.detail-field:jira-service-management",
        "read:organization:jira-service-management",
        "write:organization:jira-service-management",
        "read:organization.detail:jira-service-management",
        "write:organization.detail-field:jira-service-management",
    ]

    /// The documented default client (`csm-sandbox-client` / `csm-sandbox-secret`) that the README demo uses.
    public static let `default` = SandboxClient(id: "csm-sandbox-client", secret: "csm-sandbox-secret")
}
