/// An Atlassian service account with an OAuth 2.0 credential (client id and secret, scopes chosen
/// when the credential was created), for automation.
///
/// `POST /oauth/token` with `{"grant_type":"client_credentials","client_id":ID,"client_secret":SECRET}`
/// (and optionally `"scope":"a b"`, a subset of ``scopes``) answers a Bearer token that lives the
/// access-token lifetime (60 minutes by default), with no refresh token. The token acts in the
/// CSM API as ``user``, with the account's ``role``. A wrong secret answers 401 `access_denied`,
/// a scope the credential lacks 400 `invalid_scope`.
///
/// Register accounts with ``SandboxConfiguration/serviceAccounts`` or
/// ``SandboxServer/addServiceAccount(_:)``, or with `csm-sandbox --service-account ID:SECRET`.
public struct SandboxServiceAccount: Sendable, Hashable {
    /// The credential's client id (`client_id`); also names the account in ``user``.
    public var id: String
    /// The credential's client secret (`client_secret`), compared in constant time.
    public var secret: String
    /// What the CSM API lets the account do; ``SandboxUser/Role/agent`` by default, as admins
    /// usually grant.
    public var role: SandboxUser.Role
    /// The credential's scopes; a token request may ask for a subset only, and gets all of them
    /// when it names none. `offline_access` is never granted.
    public var scopes: [String]

    /// Creates a service account credential.
    /// - Parameters:
    ///   - id: The client id.
    ///   - secret: The client secret; a test value, never a real one.
    ///   - role: What the CSM API lets the account do; default ``SandboxUser/Role/agent``.
    ///   - scopes: The credential's scopes; default ``defaultScopes``.
    public init(
        id: String, secret: String, role: SandboxUser.Role = .agent,
        scopes: [String] = SandboxServiceAccount.defaultScopes
    ) {
        self.id = id
        self.secret = secret
        self.role = role
        self.scopes = scopes
    }

    /// Every scope of the default app (``SandboxClient/defaultScopes``) but `offline_access`:
    /// service accounts get no refresh tokens.
    public static let defaultScopes = SandboxClient.defaultScopes.filter { $0 != "offline_access" }

    /// The account as the CSM API and `/me` see it: an Atlassian account of type "app", with email
    /// `ID@serviceaccount.atlassian.com`, account id `712020:service-account-ID`, the account's
    /// ``role`` and no API token.
    public var user: SandboxUser {
        SandboxUser(
            email: "\(id)@serviceaccount.atlassian.com", displayName: "Service account \(id)",
            accountID: "712020:service-account-\(id)", apiToken: "", role: role)
    }

    /// Parses a credential written `ID:SECRET`, as `csm-sandbox --service-account` takes it, with
    /// the default role and scopes.
    /// - Parameter argument: The id, a colon, and the secret; the secret may contain colons.
    /// - Returns: `nil` without a colon, when the secret is empty, or when the id is not one
    ///   ``isValidID(_:)`` accepts.
    public init?(argument: String) {
        guard let colon = argument.firstIndex(of: ":") else { return nil }
        let id = String(argument[..<colon])
        let secret = String(argument[argument.index(after: colon)...])
        guard Self.isValidID(id), !secret.isEmpty else { return nil }
        self.init(id: id, secret: secret)
    }

    /// Whether `id` can name a service account: 1–128 printable ASCII characters without spaces,
    /// as OAuth client ids are. The sandbox prints ids in its banner and answers them in JSON, so
    /// a control character (a terminal escape, a line break forging a banner line) is refused.
    public static func isValidID(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count) && id.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}
