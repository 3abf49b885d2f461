import CSMAuth
import FoundationEssentials

extension CSMAPI {
    // MARK: Bulk operations

    /// Creates up to 50 detail fields in one task (`POST /{kind}/details/definitions/bulk`); needs
    /// Administer Jira. Names must differ from each other and from the existing fields
    /// (case-insensitively), else the request is refused (400) and nothing is created.
    /// - Parameters:
    ///   - kind: `.customer` or `.organization`.
    ///   - fields: the new fields' names and types (a position is ignored).
    ///   - idempotencyKey: sent as `Idempotency-Key`: sending the same request with the same key
    ///     again answers the same task instead of making a second one.
    /// - Returns: the task; follow it with ``waitForTask(id:timeout:pollInterval:maximumPollInterval:)``.
    /// - Throws: `CSMAuthError` (`.invalidInput`) for `.entitlement`; ``CSMAPIError`` for a refused request.
    public func bulkCreateDetailFields(
        of kind: CSMRecordKind, _ fields: [CSMDetailField], idempotencyKey: String = UUID().uuidString
    ) async throws -> CSMTaskSubmission {
        let name = try Self.bulkKind(kind)
        let body = DefinitionsBody(detailFields: fields.map { NewField(name: $0.name, type: $0.type) })
        return try await bulk(
            "\(name)/details/definitions/bulk", body: body, scope: kind.scopes.writeDetailField,
            experimental: false, idempotencyKey: idempotencyKey)
    }

    /// Changes detail values of many customers or organizations in one task
    /// (`POST /{kind}/details/bulk`, experimental); needs a service desk agent. At most 1000
    /// operations in all. An unknown record, field or value does not stop the others: it is
    /// listed in the finished task's ``CSMTask/failures``.
    /// - Parameters:
    ///   - kind: `.customer` or `.organization`.
    ///   - records: the records and their operations.
    ///   - idempotencyKey: sent as `Idempotency-Key`; see ``bulkCreateDetailFields(of:_:idempotencyKey:)``.
    /// - Returns: the task.
    public func bulkUpdateDetails(
        of kind: CSMRecordKind, _ records: [CSMBulkRecordDetails], idempotencyKey: String = UUID().uuidString
    ) async throws -> CSMTaskSubmission {
        let name = try Self.bulkKind(kind)
        let items = records.map { RecordItem(idKey: "\(name)Id", id: $0.id, operations: $0.changes) }
        return try await bulk(
            "\(name)/details/bulk", body: Wrapped(key: "\(name)s", items: items),
            scope: kind.scopes.writeDetail,
            experimental: true, idempotencyKey: idempotencyKey)
    }

    /// Creates customer accounts or changes their display names in one task
    /// (`POST /customer/bulk`, experimental); needs Administer Jira. At most 50 operations.
    /// - Parameters:
    ///   - changes: the operations.
    ///   - idempotencyKey: sent as `Idempotency-Key`; see ``bulkCreateDetailFields(of:_:idempotencyKey:)``.
    /// - Returns: the task.
    public func bulkCustomerAccounts(_ changes: [CSMBulkAccountChange], idempotencyKey: String = UUID().uuidString)
        async throws -> CSMTaskSubmission
    {
        try await bulk(
            "customer/bulk", body: Wrapped(key: "customers", items: changes),
            scope: .writeCustomer,
            experimental: true, idempotencyKey: idempotencyKey)
    }

    /// Creates, renames or deletes organizations in one task (`POST /organization/bulk`,
    /// experimental); needs a service desk agent. At most 50 operations.
    /// - Parameters:
    ///   - changes: the operations.
    ///   - idempotencyKey: sent as `Idempotency-Key`; see ``bulkCreateDetailFields(of:_:idempotencyKey:)``.
    /// - Returns: the task.
    public func bulkOrganizations(_ changes: [CSMBulkOrganizationChange], idempotencyKey: String = UUID().uuidString)
        async throws -> CSMTaskSubmission
    {
        try await bulk(
            "organization/bulk", body: Wrapped(key: "organizations", items: changes),
            scope: .writeOrganization,
            experimental: true, idempotencyKey: idempotencyKey)
    }

    /// Creates or updates customer profiles (account, detail values, organizations) in one task
    /// (`POST /customer/profile/bulk`, experimental); needs a service desk agent. At most 100.
    /// - Parameters:
    ///   - profiles: the profiles.
    ///   - idempotencyKey: sent as `Idempotency-Key`; see ``bulkCreateDetailFields(of:_:idempotencyKey:)``.
    /// - Returns: the task.
    public func bulkCustomerProfiles(_ profiles: [CSMBulkCustomerProfile], idempotencyKey: String = UUID().uuidString)
        async throws -> CSMTaskSubmission
    {
        try await bulk(
            "customer/profile/bulk", body: Wrapped(key: "customerProfiles", items: profiles),
            scope: .writeCustomerProfile, experimental: true, idempotencyKey: idempotencyKey)
    }

    /// Creates or updates organization profiles (organization, detail values, customers) in one
    /// task (`POST /organization/profile/bulk`, experimental); needs a service desk agent. At most 100.
    /// - Parameters:
    ///   - profiles: the profiles.
    ///   - idempotencyKey: sent as `Idempotency-Key`; see ``bulkCreateDetailFields(of:_:idempotencyKey:)``.
    /// - Returns: the task.
    public func bulkOrganizationProfiles(
        _ profiles: [CSMBulkOrganizationProfile], idempotencyKey: String = UUID().uuidString
    ) async throws -> CSMTaskSubmission {
        try await bulk(
            "organization/profile/bulk", body: Wrapped(key: "organizationProfiles", items: profiles),
            scope: .writeOrganizationProfile, experimental: true,
            idempotencyKey: idempotencyKey)
    }

    // MARK: Sending a bulk call

    /// Sends one bulk call with its `Idempotency-Key` and reads the task it made.
    private func bulk(
        _ path: String, body: some Encodable, scope: CSMScope, experimental: Bool, idempotencyKey: String
    ) async throws -> CSMTaskSubmission {
        // A key with a control character is refused where every header is checked, before sending.
        guard !idempotencyKey.isEmpty else {
            throw CSMAuthError(.invalidInput, "an idempotency key must be a non-empty line, such as a UUID")
        }
        let request = Request(
            method: "POST", path: path, body: try Self.json(body), scope: scope, experimental: experimental,
            headers: [HTTPHeader("Idempotency-Key", idempotencyKey)])
        return try await decoded(request)
    }

    /// The path name of a kind that has bulk calls.
    /// - Throws: `CSMAuthError` (`.invalidInput`) for entitlements, which have none.
    private static func bulkKind(_ kind: CSMRecordKind) throws -> String {
        guard kind != .entitlement else {
            throw CSMAuthError(.invalidInput, "entitlements have no bulk operations; use .customer or .organization")
        }
        return kind.rawValue
    }

    private struct NewField: Encodable {
        var name: String
        var type: CSMDetailFieldType
    }

    private struct DefinitionsBody: Encodable {
        var detailFields: [NewField]
    }

    /// `{"<key>":[items]}`.
    private struct Wrapped<Item: Encodable>: Encodable {
        var key: String
        var items: [Item]

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: DynamicKey.self)
            try container.encode(items, forKey: DynamicKey(key))
        }
    }

    /// `{"customerId"|"organizationId": id, "operations": […]}`.
    private struct RecordItem: Encodable {
        var idKey: String
        var id: String
        var operations: [CSMBulkDetailChange]

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: DynamicKey.self)
            try container.encode(id, forKey: DynamicKey(idKey))
            try container.encode(operations, forKey: DynamicKey("operations"))
        }
    }

    private struct DynamicKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
