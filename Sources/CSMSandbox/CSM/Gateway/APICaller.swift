/// Who is calling the API, and what their credentials allow.
struct APICaller: Sendable {
    /// How the caller authenticated.
    enum Method: Sendable, Equatable {
        /// An OAuth 2.0 (3LO) access token, limited by its scopes and sites.
        case bearer(scopes: Set<String>, cloudIDs: [String])
        /// Email and API token: acts with all of the user's permissions on every site.
        case basic
        /// Email and an API token with scopes: the user's permissions on every site, limited by the scopes.
        case scopedBasic(scopes: Set<String>)
    }

    /// The account the request acts as.
    var user: SandboxUser
    /// The authentication method.
    var method: Method

    /// Whether the credentials carry `scope` (an unscoped API token carries every scope).
    func has(scope: String) -> Bool {
        switch method {
        case .bearer(let scopes, _), .scopedBasic(let scopes): scopes.contains(scope)
        case .basic: true
        }
    }

    /// Whether the credentials were granted for the site `cloudID`.
    func mayUse(cloudID: String) -> Bool {
        switch method {
        case .bearer(_, let cloudIDs): cloudIDs.contains(cloudID)
        case .basic, .scopedBasic: true
        }
    }
}
