import CSMAuth

/// The detail operations on one customer or organization in `POST /{kind}/details/bulk`.
public struct CSMBulkRecordDetails: Sendable, Equatable {
    /// The record's id: a customer's account id, or an organization's id.
    public var id: String
    /// The operations, applied in order.
    public var changes: [CSMBulkDetailChange]

    /// - Parameters:
    ///   - id: the record's id.
    ///   - changes: the operations, applied in order.
    public init(id: String, changes: [CSMBulkDetailChange]) {
        self.id = id
        self.changes = changes
    }
}
