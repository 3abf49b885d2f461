/// One item of a bulk task that could not be applied, as the task's `failures` list it:
/// `{"entity","entityId","operation","operatedOn","operatedOnIds","error"}`.
struct BulkFailure: Sendable, Equatable {
    /// The kind of record: `CUSTOMER` or `ORGANIZATION`.
    var entity: String
    /// The record's id, when the item named or made one.
    var entityID: String?
    /// The item's operation: `CREATE`, `UPDATE`, `PATCH`, `DELETE`, `UPSERT`.
    var operation: String
    /// What the operation acted on: `CUSTOMER_ACCOUNT`, `ORGANIZATION`, `DETAIL_FIELD`,
    /// `CUSTOMER_DETAIL`, `ORGANIZATION_DETAIL`, `CUSTOMER_ORGANIZATION`, `ORGANIZATION_CUSTOMER`.
    var operatedOn: String
    /// The names or ids acted on: field names, organization or customer ids.
    var operatedOnIDs: [String]
    /// Why it failed, one sentence.
    var error: String

    /// The failure as the task shows it; a missing `entityId` is left out.
    var json: JSONValue {
        var members: [String: JSONValue] = [
            "entity": .string(entity),
            "operation": .string(operation),
            "operatedOn": .string(operatedOn),
            "operatedOnIds": .array(operatedOnIDs.map(JSONValue.string)),
            "error": .string(error),
        ]
        if let entityID { members["entityId"] = .string(entityID) }
        return .object(members)
    }
}
