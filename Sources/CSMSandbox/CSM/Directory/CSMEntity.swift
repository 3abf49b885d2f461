/// A CSM customer or organization with its detail values.
struct CSMEntity: Sendable, Equatable {
    /// The id: an account id for customers, a number for organizations.
    var id: String
    /// The display name.
    var name: String
    /// The email (customers only).
    var email: String?
    /// Organization ids (customers only).
    var organizationIDs: [String]
    /// Values by field id; a field without values is absent.
    var values: [String: [String]]
}
