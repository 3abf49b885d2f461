/// A product customers and organizations can be entitled to: `{"id","name"}`.
struct SandboxProduct: Sendable, Equatable {
    /// The product's id, a UUID.
    var id: String
    /// Its name, unique on the site (case-insensitively).
    var name: String

    /// The product as the API shows it.
    var json: JSONValue {
        ["id": .string(id), "name": .string(name)]
    }
}
