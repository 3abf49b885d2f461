import CSMAuth

/// The values to give one detail field when a profile is created: `{"name","values"}`.
public struct CSMDetailAssignment: Sendable, Encodable, Equatable {
    /// The detail field's name.
    public var name: String
    /// Its values; one for most types, several for a `MULTISELECT` field.
    public var values: [String]

    /// - Parameters:
    ///   - name: the detail field's name.
    ///   - values: its values.
    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }
}
