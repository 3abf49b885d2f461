import CSMAuth

/// A customer's profile (`GET /customer/profile/{id}`): the customer with their details,
/// organizations and entitlements.
public struct CSMCustomerProfile: Sendable, Decodable, Equatable {
    /// The customer's account id.
    public var id: String
    /// The display name.
    public var name: String
    /// The email, when the API shows it.
    public var email: String?
    /// The detail fields with this customer's values.
    public var details: [CSMDetailValue]
    /// The customer's organizations.
    public var organizations: [CSMRecordReference]
    /// The ids of the customer's entitlements; empty when they have none.
    public var entitlementIDs: [String]

    /// - Parameters:
    ///   - id: the account id.
    ///   - name: the display name.
    ///   - email: the email.
    ///   - details: the detail fields with their values.
    ///   - organizations: the customer's organizations.
    ///   - entitlementIDs: the ids of the customer's entitlements.
    public init(
        id: String, name: String, email: String? = nil, details: [CSMDetailValue] = [],
        organizations: [CSMRecordReference] = [],
        entitlementIDs: [String] = []
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.details = details
        self.organizations = organizations
        self.entitlementIDs = entitlementIDs
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, displayName, email, details, organizations, entitlements
    }

    /// Reads the profile; `displayName` stands in for a missing `name`, missing lists are empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        if let name = try container.decodeIfPresent(String.self, forKey: .name) {
            self.name = name
        } else {
            name = try container.decode(String.self, forKey: .displayName)
        }
        email = try container.decodeIfPresent(String.self, forKey: .email)
        details = try container.decodeIfPresent([CSMDetailValue].self, forKey: .details) ?? []
        organizations = try container.decodeIfPresent([CSMRecordReference].self, forKey: .organizations) ?? []
        entitlementIDs = try container.decodeIfPresent([CSMIdentified].self, forKey: .entitlements)?.map(\.id) ?? []
    }

    /// The values of the detail field `name` (compared case-insensitively); empty when it has none.
    public func values(of name: String) -> [String] {
        details.values(of: name)
    }
}
