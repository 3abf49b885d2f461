import CSMAuth

/// Any object of an answer read only for its `id`, such as an entitlement inside a profile.
struct CSMIdentified: Sendable, Decodable, Equatable {
    /// The object's id.
    var id: String
}
