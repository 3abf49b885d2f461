import CSMAuth

/// One item of `POST /customer/profile/bulk`: a customer account with detail values and organizations.
///
/// Written as `{"operationType","payload":{"id"?,"email"?,"displayName"?,"details":[{"name","values"}],
/// "associateOrganizations":{"organizationIds":[…]}}}`.
public struct CSMBulkCustomerProfile: Sendable, Encodable, Equatable {
    /// How the customer is found or made.
    public var operation: CSMBulkProfileOperation
    /// The customer's account id (to update).
    public var id: String?
    /// The email (to create, or to find the customer without an id).
    public var email: String?
    /// The display name (to create, or the new one).
    public var displayName: String?
    /// Detail values, each replacing the field's values.
    public var details: [CSMBulkFieldValues]
    /// Organizations the customer joins.
    public var organizationIds: [String]

    /// - Parameters:
    ///   - operation: how the customer is found or made.
    ///   - id: the account id.
    ///   - email: the email.
    ///   - displayName: the display name.
    ///   - details: detail values.
    ///   - organizationIds: organizations the customer joins.
    public init(
        _ operation: CSMBulkProfileOperation, id: String? = nil, email: String? = nil, displayName: String? = nil,
        details: [CSMBulkFieldValues] = [], organizationIds: [String] = []
    ) {
        self.operation = operation
        self.id = id
        self.email = email
        self.displayName = displayName
        self.details = details
        self.organizationIds = organizationIds
    }

    private enum CodingKeys: String, CodingKey { case operationType, payload }
    private struct Payload: Encodable {
        var id: String?
        var email: String?
        var displayName: String?
        var details: [CSMBulkFieldValues]?
        var associateOrganizations: Association?
    }
    private struct Association: Encodable {
        var organizationIds: [String]
    }

    /// Writes `{"operationType","payload"}`; empty lists are left out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(operation, forKey: .operationType)
        let payload = Payload(
            id: id, email: email, displayName: displayName, details: details.isEmpty ? nil : details,
            associateOrganizations: organizationIds.isEmpty ? nil : Association(organizationIds: organizationIds))
        try container.encode(payload, forKey: .payload)
    }
}
