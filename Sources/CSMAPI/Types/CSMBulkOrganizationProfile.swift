import CSMAuth

/// One item of `POST /organization/profile/bulk`: an organization with detail values and customers.
///
/// Written as `{"operationType","payload":{"id"?,"name"?,"details":[{"name","values"}],
/// "associateCustomers":{"customerIds":[…]}}}`.
public struct CSMBulkOrganizationProfile: Sendable, Encodable, Equatable {
    /// How the organization is found or made.
    public var operation: CSMBulkProfileOperation
    /// The organization's id (to update).
    public var id: String?
    /// The name (to create, to find the organization without an id, or the new one).
    public var name: String?
    /// Detail values, each replacing the field's values.
    public var details: [CSMBulkFieldValues]
    /// Customers (account ids) who join the organization.
    public var customerIds: [String]

    /// - Parameters:
    ///   - operation: how the organization is found or made.
    ///   - id: the organization's id.
    ///   - name: the name.
    ///   - details: detail values.
    ///   - customerIds: customers who join it.
    public init(
        _ operation: CSMBulkProfileOperation, id: String? = nil, name: String? = nil,
        details: [CSMBulkFieldValues] = [], customerIds: [String] = []
    ) {
        self.operation = operation
        self.id = id
        self.name = name
        self.details = details
        self.customerIds = customerIds
    }

    private enum CodingKeys: String, CodingKey { case operationType, payload }
    private struct Payload: Encodable {
        var id: String?
        var name: String?
        var details: [CSMBulkFieldValues]?
        var associateCustomers: Association?
    }
    private struct Association: Encodable {
        var customerIds: [String]
    }

    /// Writes `{"operationType","payload"}`; empty lists are left out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(operation, forKey: .operationType)
        let payload = Payload(
            id: id, name: name, details: details.isEmpty ? nil : details,
            associateCustomers: customerIds.isEmpty ? nil : Association(customerIds: customerIds))
        try container.encode(payload, forKey: .payload)
    }
}
