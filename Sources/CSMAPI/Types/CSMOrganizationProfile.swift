import CSMAuth

/// An organization's profile (`GET /organization/profile/{id}`): the organization with its
/// details, customers and entitlements.
public struct CSMOrganizationProfile: Sendable, Decodable, Equatable {
    /// The organization's id.
    public var id: String
    /// Its name.
    public var name: String
    /// The detail fields with this organization's values.
    public var details: [CSMDetailValue]
    /// The customers belonging to it.
    public var customers: [CSMRecordReference]
    /// The ids of its entitlements; empty when it has none.
    public var entitlementIDs: [String]

    /// - Parameters:
    ///   - id: the organization's id.
    ///   - name: its name.
    ///   - details: the detail fields with their values.
    ///   - customers: the customers belonging to it.
    ///   - entitlementIDs: the ids of its entitlements.
    public init(
        id: String, name: String, details: [CSMDetailValue] = [], customers: [CSMRecordReference] = [],
        entitlementIDs: [String] = []
    ) {
        self.id = id
        self.name = name
        self.details = details
        self.customers = customers
        self.entitlementIDs = entitlementIDs
    }

    private enum CodingKeys: String, CodingKey { case id, name, details, customers, entitlements }

    /// Reads the profile; missing lists are empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        details = try container.decodeIfPresent([CSMDetailValue].self, forKey: .details) ?? []
        customers = try container.decodeIfPresent([CSMRecordReference].self, forKey: .customers) ?? []
        entitlementIDs = try container.decodeIfPresent([CSMIdentified].self, forKey: .entitlements)?.map(\.id) ?? []
    }

    /// The values of the detail field `name` (compared case-insensitively); empty when it has none.
    public func values(of name: String) -> [String] {
        details.values(of: name)
    }
}
