import CSMAuth

/// Who holds an entitlement: a customer or an organization (the API's `entityType`).
public enum CSMEntitlementHolder: String, Sendable, Codable, CaseIterable {
    /// A customer (`CUSTOMER`); a customer also has the entitlements of their organizations.
    case customer = "CUSTOMER"
    /// An organization (`ORGANIZATION`).
    case organization = "ORGANIZATION"

    /// The path segment of the holder's records: `customer` or `organization`.
    var pathSegment: String {
        switch self {
        case .customer: "customer"
        case .organization: "organization"
        }
    }
}
