import CSMAuth

/// The values of one detail field to give a new entitlement: `{"name","values"}`.
public struct CSMEntitlementDetail: Sendable, Encodable, Equatable {
    /// The entitlement detail field's name.
    public var name: String
    /// Its values.
    public var values: [String]

    /// - Parameters:
    ///   - name: the entitlement detail field's name.
    ///   - values: its values.
    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }
}
