import CSMAuth

/// A customer's account as the account calls show it (`GET /customer/account/{id}`):
/// `{"id","displayName","email"}`.
public struct CSMCustomerAccount: Sendable, Decodable, Equatable {
    /// The account id, e.g. `qm:…` for a portal-only customer.
    public var id: String
    /// The name shown for the customer.
    public var displayName: String
    /// The email, when the API shows it.
    public var email: String?

    /// - Parameters:
    ///   - id: the account id.
    ///   - displayName: the name shown for the customer.
    ///   - email: the email.
    public init(id: String, displayName: String, email: String? = nil) {
        self.id = id
        self.displayName = displayName
        self.email = email
    }

    private enum CodingKeys: String, CodingKey { case id, displayName, name, email }

    /// Reads the account; a `name` stands in for a missing `displayName`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        if let displayName = try container.decodeIfPresent(String.self, forKey: .displayName) {
            self.displayName = displayName
        } else {
            displayName = try container.decode(String.self, forKey: .name)
        }
        email = try container.decodeIfPresent(String.self, forKey: .email)
    }
}
