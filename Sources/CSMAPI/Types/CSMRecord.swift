import CSMAuth

/// A customer or an organization with its details (`GET /customer/{id}`, `GET /organization/{id}`).
public struct CSMRecord: Sendable, Decodable, Equatable {
    /// The id: an Atlassian account id for customers, a number for organizations.
    public var id: String
    /// The display name.
    public var name: String
    /// The customer's email, when the API shows it.
    public var email: String?
    /// Every detail field of the record's kind, with this record's values.
    public var details: [CSMDetailValue]
    /// A customer's organizations; empty for organizations.
    public var organizations: [CSMRecordReference]

    /// - Parameters:
    ///   - id: the id.
    ///   - name: the display name.
    ///   - email: a customer's email.
    ///   - details: the detail fields with their values.
    ///   - organizations: a customer's organizations.
    public init(
        id: String, name: String, email: String? = nil, details: [CSMDetailValue] = [],
        organizations: [CSMRecordReference] = []
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.details = details
        self.organizations = organizations
    }

    private enum CodingKeys: String, CodingKey { case id, name, email, details, organizations }

    /// Reads the record; missing `details` or `organizations` are empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        email = try container.decodeIfPresent(String.self, forKey: .email)
        details = try container.decodeIfPresent([CSMDetailValue].self, forKey: .details) ?? []
        organizations = try container.decodeIfPresent([CSMRecordReference].self, forKey: .organizations) ?? []
    }

    /// The values of the detail field `name` (compared case-insensitively); empty when it has none.
    public func values(of name: String) -> [String] {
        details.values(of: name)
    }
}
