/// Who a login belongs to: the Atlassian account that consented, as `{API_URL}/me` names it.
///
/// Not secret, but personal: it is kept in the profile's settings and shown by `status` and at the
/// end of a login, never put in a command line or a log line.
public struct AtlassianAccount: Sendable, Equatable {
    /// The Atlassian account id (`account_id`), such as `712020:0a0a…`; nil for a Basic login,
    /// which knows only the email.
    public var accountID: String?
    /// The account's display name (`name`).
    public var name: String?
    /// The account's email (`email`); Atlassian may leave it out, per the user's privacy settings.
    public var email: String?

    package init(accountID: String?, name: String?, email: String?) {
        self.accountID = accountID
        self.name = name
        self.email = email
    }

    /// `Ada Lovelace <ada@example.com>`, `Ada Lovelace`, `ada@example.com`, or the account id.
    package var displayText: String {
        switch (name, email) {
        case (let name?, let email?): "\(name) <\(email)>"
        case (let name?, nil): name
        case (nil, let email?): email
        case (nil, nil): "account \(accountID ?? "unknown")"
        }
    }

    /// `status --json`'s `account`: every key, absent values as JSON null, so scripts can rely on
    /// the shape.
    package struct JSON: Encodable {
        let account: AtlassianAccount

        private enum CodingKeys: String, CodingKey {
            case accountID = "accountId"
            case name, email
        }

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(account.accountID, forKey: .accountID)
            try container.encode(account.email, forKey: .email)
            try container.encode(account.name, forKey: .name)
        }
    }

    /// This account as `status --json` writes it.
    package var json: JSON { JSON(account: self) }
}
