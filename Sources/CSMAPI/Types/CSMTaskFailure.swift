import CSMAuth

/// One item of a bulk task that was not applied (an entry of ``CSMTask/failures``), such as
/// `{"entity":"CUSTOMER","entityId":"qm:…","operation":"UPDATE","operatedOn":"CUSTOMER_DETAIL","operatedOnIds":["Region"],"error":"…"}`.
public struct CSMTaskFailure: Sendable, Codable, Equatable {
    /// The kind of record, such as `CUSTOMER` or `ORGANIZATION`.
    public var entity: String?
    /// The record's id, when the item named one.
    public var entityId: String?
    /// The item's operation, such as `CREATE`, `UPDATE`, `PATCH`, `DELETE` or `UPSERT`.
    public var operation: String?
    /// What the operation acted on, such as `CUSTOMER_ACCOUNT` or `CUSTOMER_DETAIL`.
    public var operatedOn: String?
    /// The names or ids acted on, such as field names.
    public var operatedOnIds: [String]
    /// Why the item failed.
    public var error: String?

    /// - Parameters:
    ///   - entity: the kind of record.
    ///   - entityId: the record's id.
    ///   - operation: the item's operation.
    ///   - operatedOn: what it acted on.
    ///   - operatedOnIds: the names or ids acted on.
    ///   - error: why it failed.
    public init(
        entity: String? = nil, entityId: String? = nil, operation: String? = nil, operatedOn: String? = nil,
        operatedOnIds: [String] = [],
        error: String? = nil
    ) {
        self.entity = entity
        self.entityId = entityId
        self.operation = operation
        self.operatedOn = operatedOn
        self.operatedOnIds = operatedOnIds
        self.error = error
    }

    private enum CodingKeys: String, CodingKey { case entity, entityId, operation, operatedOn, operatedOnIds, error }

    /// Reads the failure; every field may be missing, and a field of another type counts as missing.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        entity = try? container.decodeIfPresent(String.self, forKey: .entity)
        entityId = try? container.decodeIfPresent(String.self, forKey: .entityId)
        operation = try? container.decodeIfPresent(String.self, forKey: .operation)
        operatedOn = try? container.decodeIfPresent(String.self, forKey: .operatedOn)
        operatedOnIds = (try? container.decodeIfPresent([String].self, forKey: .operatedOnIds)) ?? []
        error = try? container.decodeIfPresent(String.self, forKey: .error)
    }
}
