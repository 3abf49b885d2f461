import CSMAuth

/// One operation of `POST /organization/bulk`: `{"operationType":"CREATE|UPDATE|DELETE","payload":{"id"?,"name"?}}`.
public enum CSMBulkOrganizationChange: Sendable, Encodable, Equatable {
    /// Creates an organization.
    case create(name: String)
    /// Renames an organization.
    case update(id: String, name: String)
    /// Deletes an organization.
    case delete(id: String)

    private enum CodingKeys: String, CodingKey { case operationType, payload }
    private struct Payload: Encodable {
        var id: String?
        var name: String?
    }

    /// Writes `{"operationType","payload"}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .create(let name):
            try container.encode("CREATE", forKey: .operationType)
            try container.encode(Payload(name: name), forKey: .payload)
        case .update(let id, let name):
            try container.encode("UPDATE", forKey: .operationType)
            try container.encode(Payload(id: id, name: name), forKey: .payload)
        case .delete(let id):
            try container.encode("DELETE", forKey: .operationType)
            try container.encode(Payload(id: id), forKey: .payload)
        }
    }
}
