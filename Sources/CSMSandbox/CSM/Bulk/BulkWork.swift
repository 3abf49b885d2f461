/// What a bulk call asked for, checked for shape and kept until its task runs.
///
/// The whole request is validated when it is submitted (a bad shape is a 400 and no task); what
/// can only fail against the data (an unknown record, field or value) is found when the task runs
/// and becomes an entry of the task's `failures`.
enum BulkWork: Sendable, Equatable {
    /// `POST {kind}/details/definitions/bulk`: new detail fields.
    case createFields(CSMDirectory.Kind, [NewField])
    /// `POST {kind}/details/bulk`: value changes per record.
    case updateDetails(CSMDirectory.Kind, [RecordChanges])
    /// `POST customer/bulk`: customer accounts created or renamed.
    case accounts([AccountChange])
    /// `POST organization/bulk`: organizations created, renamed or deleted.
    case organizations([OrganizationChange])
    /// `POST {kind}/profile/bulk`: profiles (record, details, associations) created or updated.
    case profiles(CSMDirectory.Kind, [ProfileChange])

    /// A detail field to create.
    struct NewField: Sendable, Equatable {
        var name: String
        var type: DetailFieldType
        var options: [String]
    }

    /// How one detail operation changes a field's values.
    enum DetailOperation: String, Sendable, CaseIterable {
        /// Replace the values.
        case update = "UPDATE"
        /// Add values to those already set.
        case patch = "PATCH"
        /// Clear the field.
        case delete = "DELETE"
    }

    /// One detail operation on one field.
    struct DetailChange: Sendable, Equatable {
        var operation: DetailOperation
        var field: String
        var values: [String]
    }

    /// The detail operations on one record.
    struct RecordChanges: Sendable, Equatable {
        var id: String
        var changes: [DetailChange]
    }

    /// One operation of `customer/bulk`.
    enum AccountChange: Sendable, Equatable {
        case create(email: String, displayName: String)
        case update(id: String, displayName: String)
    }

    /// One operation of `organization/bulk`.
    enum OrganizationChange: Sendable, Equatable {
        case create(name: String)
        case update(id: String, name: String)
        case delete(id: String)
    }

    /// How a profile operation finds or makes its record.
    enum ProfileOperation: String, Sendable, CaseIterable {
        /// A new record (its email or name must be free).
        case create = "CREATE"
        /// An existing record, found by id, else by email (customers) or name (organizations).
        case update = "UPDATE"
        /// The existing record if found, else a new one (which needs an email or a name).
        case upsert = "UPSERT"
    }

    /// One profile: the record's identity, its detail values and the records to associate.
    struct ProfileChange: Sendable, Equatable {
        var operation: ProfileOperation
        var id: String?
        /// The display name of a customer, the name of an organization.
        var name: String?
        /// A customer's email.
        var email: String?
        /// Field name and values, in the request's order; each replaces the field's values.
        var details: [FieldValues]
        /// Organization ids for a customer, customer ids for an organization.
        var associate: [String]
    }

    /// The values of one named field.
    struct FieldValues: Sendable, Equatable {
        var name: String
        var values: [String]
    }

    /// The task's `type`.
    var taskType: String {
        switch self {
        case .createFields(let kind, _): "BULK_\(kind.rawValue.uppercased())_DETAIL_FIELD_CREATE"
        case .updateDetails(let kind, _): "BULK_\(kind.rawValue.uppercased())_DETAILS_UPDATE"
        case .accounts: "BULK_CUSTOMER_ACCOUNT_CREATE_UPDATE"
        case .organizations: "BULK_ORGANIZATION_CREATE_UPDATE_DELETE"
        case .profiles(let kind, _): "BULK_\(kind.rawValue.uppercased())_PROFILE_CREATE_UPDATE"
        }
    }
}
