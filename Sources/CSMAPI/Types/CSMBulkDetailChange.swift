import CSMAuth

/// One operation of `POST /{kind}/details/bulk` on one detail field of one record:
/// `{"operationType":"UPDATE","payload":{"name":"Region","values":["EU"]}}`.
public struct CSMBulkDetailChange: Sendable, Encodable, Equatable {
    /// How the operation changes the field's values.
    public enum Operation: String, Sendable, Codable, CaseIterable {
        /// Replace the values.
        case update = "UPDATE"
        /// Add values to those already set.
        case patch = "PATCH"
        /// Clear the field.
        case delete = "DELETE"
    }

    /// How the values change.
    public var operation: Operation
    /// The field's name.
    public var field: String
    /// The values to set or add; ignored by ``Operation/delete``.
    public var values: [String]

    /// - Parameters:
    ///   - operation: how the values change.
    ///   - field: the field's name.
    ///   - values: the values to set or add.
    public init(_ operation: Operation, field: String, values: [String] = []) {
        self.operation = operation
        self.field = field
        self.values = values
    }

    /// Replaces the values of `field`.
    public static func update(_ field: String, to values: [String]) -> CSMBulkDetailChange {
        CSMBulkDetailChange(.update, field: field, values: values)
    }

    /// Adds `values` to those `field` already has.
    public static func patch(_ field: String, adding values: [String]) -> CSMBulkDetailChange {
        CSMBulkDetailChange(.patch, field: field, values: values)
    }

    /// Clears `field`.
    public static func delete(_ field: String) -> CSMBulkDetailChange {
        CSMBulkDetailChange(.delete, field: field)
    }

    private enum CodingKeys: String, CodingKey { case operationType, payload }
    private struct Payload: Encodable {
        var name: String
        var values: [String]?
    }

    /// Writes `{"operationType","payload":{"name","values"}}` (no values for a delete).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(operation, forKey: .operationType)
        try container.encode(Payload(name: field, values: operation == .delete ? nil : values), forKey: .payload)
    }
}
