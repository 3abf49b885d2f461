import CSMAuth

/// One condition of a search by detail field: the customer has `value` among the values of the
/// field `name` (`{"name","value"}` in `POST /customer/search-by-detail-field`).
public struct CSMDetailMatch: Sendable, Encodable, Equatable {
    /// The detail field's name.
    public var name: String
    /// The value the field must have.
    public var value: String

    /// - Parameters:
    ///   - name: the detail field's name.
    ///   - value: the value it must have.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
