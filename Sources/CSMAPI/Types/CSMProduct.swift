import CSMAuth

/// A product customers and organizations can be entitled to (`GET /product/{productId}`):
/// `{"id","name"}`.
public struct CSMProduct: Sendable, Codable, Equatable, Hashable {
    /// The product's id.
    public var id: String
    /// Its name.
    public var name: String

    /// - Parameters:
    ///   - id: the product's id.
    ///   - name: its name.
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}
