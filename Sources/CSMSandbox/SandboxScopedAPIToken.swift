/// An API token with scopes (Basic auth, `email:token`), the only kind a service account can
/// create and the kind Atlassian now makes by default.
///
/// As at Atlassian, it works only through the gateway (`/ex/jira/{cloudId}/…`, the CSM API, `/me`),
/// limited to its ``scopes``; the same token at the site's own URL (`/site/SLUG/rest/api/3/myself`)
/// answers 401. An unscoped token (``SandboxUser/apiToken``) works at both.
///
/// Create one with ``SandboxServer/createScopedAPIToken(email:scopes:)`` or
/// `POST /_sandbox/api-tokens` with `{"email": "…", "scopes": ["…"]}`.
public struct SandboxScopedAPIToken: Sendable, Hashable {
    /// The account's email: a ``SandboxUser``'s or a service account's
    /// (``SandboxServiceAccount/user``); the Basic-auth user name.
    public var email: String
    /// The token, compared in constant time; a random test value.
    public var token: String
    /// What the token may do.
    public var scopes: [String]

    /// `read:jira-user` (the Jira platform's `myself`) and every scope of a service account's
    /// default credential (``SandboxServiceAccount/defaultScopes``).
    public static let defaultScopes = ["read:jira-user"] + SandboxServiceAccount.defaultScopes
}
