/// An OAuth 2.0 (3LO) app registered with the sandbox, as one registers an app in Atlassian's developer console.
///
/// The sandbox accepts an authorization request or a token request only from a registered
/// client: the `client_id` must name one, the `redirect_uri` must be one of its
/// ``redirectURIs`` exactly, the scopes asked for must be among its ``scopes``, and both
/// token grants must carry its ``secret``. A sandbox serves ``default`` unless
/// ``SandboxConfiguration/clients`` says otherwise.
///
/// A test that runs its own callback listener registers a client for that listener's URL:
///
/// ```swift
/// let client = SandboxClient(
///     id: "my-test-client", secret: "my-test-secret",
///     redirectURIs: ["http://127.0.0.1:\(port)/callback"])
/// try await withSandbox(SandboxConfiguration(clients: [client], autoApprove: true)) { sandbox in
///     // …
/// }
/// ```
///
/// The sandbox's secrets are test values: never register a real client secret with it.
public struct SandboxClient: Sendable, Hashable {
    /// The client id, sent as `client_id` in authorization and token requests.
    public var id: String
    /// The client secret, sent as `client_secret`; both token grants (`authorization_code` and
    /// `refresh_token`) require it, as Atlassian does (it supports no PKCE and no public clients).
    public var secret: String
    /// The registered callback URLs. A `redirect_uri` must equal one of them exactly: scheme, host
    /// spelling (`localhost` is not `127.0.0.1`), port and path. The first one is the default of
    /// ``SandboxServer/authorizationURL(clientID:redirectURI:scopes:state:)`` and
    /// ``SandboxServer/issueAuthorizationCode(for:clientID:redirectURI:scopes:)``.
    public var redirectURIs: [String]
    /// The scopes added to the app. An authorization request may ask for these only (any subset);
    /// tokens minted without naming scopes get all of them.
    public var scopes: [String]

    /// Creates a client.
    ///
    /// The values are checked when a sandbox starts with it: an empty id or secret, no redirect
    /// URI, or a redirect URI that is not an absolute URL makes ``SandboxServer/start(_:logger:)``
    /// throw ``SandboxServer/Error/Code-swift.struct/invalidConfiguration``.
    /// - Parameters:
    ///   - id: The client id (`client_id`).
    ///   - secret: The client secret (`client_secret`).
    ///   - redirectURIs: The registered callback URLs, matched exactly; defaults to
    ///     ``defaultRedirectURIs``.
    ///   - scopes: The app's scopes; defaults to ``defaultScopes``.
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

    /// The callback URLs of the default client: csm-auth's default callback under both loopback
    /// spellings, `http://localhost:8976/callback` and `http://127.0.0.1:8976/callback`.
    public static let defaultRedirectURIs = [
        "http://localhost:8976/callback",
        "http://127.0.0.1:8976/callback",
    ]

    /// The scopes of the default client: every scope the CSM API checks (customers, organizations,
    /// their details and detail fields, read and write; products, entitlements, help centres,
    /// requests and bulk tasks), plus `offline_access` (for a refresh token), `read:me` (for
    /// `GET /me`), and the classic Jira and JSM scopes of the gateway's product calls
    /// (`read:jira-user`, `read:servicedesk-request`, `write:servicedesk-request`,
    /// `manage:servicedesk-customer`).
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
        "write:customer.detail:jira-service-management",
        "delete:customer.detail-field:jira-service-management",
        "write:organization.detail:jira-service-management",
        "read:organization.detail-field:jira-service-management",
        "delete:organization.detail-field:jira-service-management",
        "read:customer.profile:jira-service-management",
        "write:customer.profile:jira-service-management",
        "read:organization.profile:jira-service-management",
        "write:organization.profile:jira-service-management",
        "read:product:jira-service-management",
        "write:product:jira-service-management",
        "read:entitlement:jira-service-management",
        "write:entitlement:jira-service-management",
        "write:entitlement.detail:jira-service-management",
        "read:entitlement.detail-field:jira-service-management",
        "write:entitlement.detail-field:jira-service-management",
        "delete:entitlement.detail-field:jira-service-management",
        "read:helpcenter:jira-service-management",
        "write:helpcenter:jira-service-management",
        "write:csm-request:jira-service-management",
        "read:task:jira-service-management",
        "read:jira-user",
        "read:jira-work",
        "write:jira-work",
        "read:servicedesk-request",
        "write:servicedesk-request",
        "manage:servicedesk-customer",
    ]

    /// The documented default client: id `csm-sandbox-client`, secret `csm-sandbox-secret`, with
    /// ``defaultRedirectURIs`` and ``defaultScopes``; the one `csm-sandbox` serves without flags and
    /// the README demo logs in with.
    public static let `default` = SandboxClient(id: "csm-sandbox-client", secret: "csm-sandbox-secret")
}
