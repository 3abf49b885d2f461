import CSMAuth

/// A record named inside another, such as an organization of a customer: `{"id","name"}`.
public struct CSMRecordReference: Sendable, Decodable, Equatable {
    /// The record's id.
    public var id: String
    /// The record's name.
    public var name: String

    /// - Parameters:
    ///   - id: the record's id.
    ///   - name: the record's name.
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}
