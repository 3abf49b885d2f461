import CSMAuth

/// One operation of `POST /customer/bulk` on a customer account:
/// `{"operationType":"CREATE","payload":{"email","displayName"}}` or
/// `{"operationType":"UPDATE","payload":{"id","displayName"}}`.
public enum CSMBulkAccountChange: Sendable, Encodable, Equatable {
    /// Creates an account.
    case create(email: String, displayName: String)
    /// Changes an account's display name.
    case update(id: String, displayName: String)

    private enum CodingKeys: String, CodingKey { case operationType, payload }
    private struct Payload: Encodable {
        var id: String?
        var email: String?
        var displayName: String
    }

    /// Writes `{"operationType","payload"}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .create(let email, let displayName):
            try container.encode("CREATE", forKey: .operationType)
            try container.encode(Payload(email: email, displayName: displayName), forKey: .payload)
        case .update(let id, let displayName):
            try container.encode("UPDATE", forKey: .operationType)
            try container.encode(Payload(id: id, displayName: displayName), forKey: .payload)
        }
    }
}
