/// An Atlassian service account with an OAuth 2.0 credential (client id and secret, scopes chosen
/// when the credential was created), for automation: `grant_type=client_credentials` buys a
/// Bearer token for 60 minutes, with no refresh token.
public struct SandboxServiceAccount: Sendable, Hashable {
    /// The credential's client id.
    public var id: String
    /// The credential's client secret.
    public var secret: String
    /// What the CSM API lets the account do; an agent by default, as admins usually grant.
    public var role: SandboxUser.Role
    /// The credential's scopes; a token request may ask for a subset only.
    public var scopes: [String]

    /// Creates a service account credential.
    public init(id: String, secret: String, role: SandboxUser.Role = .agent, scopes: [String] = SandboxServiceAccount.defaultScopes) {
        self.id = id
        self.secret = secret
        self.role = role
        self.scopes = scopes
    }

    /// Every CSM scope of the default app, without `offline_access` (service accounts have no refresh tokens).
    public static let defaultScopes = SandboxClient.defaultScopes.filter { $0 != "offline_access" }

    /// The account as the CSM API sees it: an Atlassian account of type "app".
    public var user: SandboxUser {
        SandboxUser(
            email: "\(id)@serviceaccount.atlassian.com", displayName: "Service account \(id)",
            accountID: "712020:service-account-\(id)", apiToken: "", role: role)
    }

    /// Parses `ID:SECRET`, as `csm-sandbox --service-account` takes it; nil without a colon or with an empty part.
    public init?(argument: String) {
        guard let colon = argument.firstIndex(of: ":") else { return nil }
        let id = String(argument[..<colon])
        let secret = String(argument[argument.index(after: colon)...])
        guard !id.isEmpty, !secret.isEmpty else { return nil }
        self.init(id: id, secret: secret)
    }
}
