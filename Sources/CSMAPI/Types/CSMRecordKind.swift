import CSMAuth

/// The records of the CSM API that carry detail fields.
public enum CSMRecordKind: String, Sendable, CaseIterable {
    /// Customers (`/customer/…`).
    case customer
    /// Organizations (`/organization/…`).
    case organization
    /// Entitlements (`/entitlement/…`).
    case entitlement
}
