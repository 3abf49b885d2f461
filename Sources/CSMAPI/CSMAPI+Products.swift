import CSMAuth
import FoundationEssentials

extension CSMAPI {
    // MARK: Products

    /// The site's products (`GET /product`), paged with Atlassian's cursor; needs a service desk agent.
    /// - Parameter pageSize: the `limit` of each page; nil for the server's default.
    public func products(pageSize: Int? = nil) -> CSMList<CSMProduct> {
        list("GET", "product" + (pageSize.map { "?limit=\($0)" } ?? ""), scope: .readProduct)
    }

    /// A product (`GET /product/{productId}`); needs a service desk agent.
    public func product(id: String) async throws -> CSMProduct {
        try await decoded("GET", "product/\(Self.segment(id))", scope: .readProduct)
    }

    /// Creates a product (`POST /product`); needs a service desk agent.
    /// - Parameter name: the product's name, unique on the site.
    /// - Returns: the new product with its id.
    public func createProduct(name: String) async throws -> CSMProduct {
        try await decoded(
            "POST", "product", body: try Self.json(["name": name]), scope: .writeProduct)
    }

    /// Renames a product (`PUT /product/{productId}`); needs a service desk agent.
    /// - Returns: the product as it is now.
    @discardableResult
    public func renameProduct(id: String, to name: String) async throws -> CSMProduct {
        try await decoded(
            "PUT", "product/\(Self.segment(id))", body: try Self.json(["name": name]),
            scope: .writeProduct)
    }

    /// Deletes a product (`DELETE /product/{productId}`); needs a service desk agent.
    public func deleteProduct(id: String) async throws {
        _ = try await checked(
            "DELETE", "product/\(Self.segment(id))", body: nil, scope: .writeProduct)
    }
}
