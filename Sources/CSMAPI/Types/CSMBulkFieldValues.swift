import CSMAuth

/// The values of one detail field in a profile bulk item: `{"name":"Region","values":["EU"]}`.
public struct CSMBulkFieldValues: Sendable, Codable, Equatable {
    /// The field's name.
    public var name: String
    /// The values; they replace the field's values.
    public var values: [String]

    /// - Parameters:
    ///   - name: the field's name.
    ///   - values: the values.
    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }
}
