import CSMAuth

extension CSMRecordKind {
    /// The scopes of a kind's detail values and detail-field definitions.
    struct Scopes {
        /// Read the definitions (`GET /{kind}/details`).
        let readDetailField: CSMScope
        /// Create and change the definitions.
        let writeDetailField: CSMScope
        /// Delete a definition.
        let deleteDetailField: CSMScope
        /// Change a record's values.
        let writeDetail: CSMScope
    }

    /// The scopes the detail calls on this kind of record need.
    var scopes: Scopes {
        switch self {
        case .customer:
            Scopes(
                readDetailField: .readCustomerDetailField, writeDetailField: .writeCustomerDetailField,
                deleteDetailField: .deleteCustomerDetailField, writeDetail: .writeCustomerDetail)
        case .organization:
            Scopes(
                readDetailField: .readOrganizationDetailField, writeDetailField: .writeOrganizationDetailField,
                deleteDetailField: .deleteOrganizationDetailField, writeDetail: .writeOrganizationDetail)
        case .entitlement:
            Scopes(
                readDetailField: .readEntitlementDetailField, writeDetailField: .writeEntitlementDetailField,
                deleteDetailField: .deleteEntitlementDetailField, writeDetail: .writeEntitlementDetail)
        }
    }
}
