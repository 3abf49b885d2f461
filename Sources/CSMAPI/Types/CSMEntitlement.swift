import CSMAuth

/// A customer's or organization's entitlement to a product, with its detail values
/// (`GET /entitlement/{entitlementId}`).
///
/// Atlassian does not publish the shape; this reads
/// `{"id","product":{"id","name"},"entity":{"type","id"},"details":[…]}` and also accepts the
/// holder as top-level `entityType`/`entityId` and the product as a top-level `productId`.
public struct CSMEntitlement: Sendable, Decodable, Equatable {
    /// The entitlement's id.
    public var id: String
    /// The product it entitles to, when the answer names it.
    public var product: CSMProduct?
    /// Whether a customer or an organization holds it, when the answer says.
    public var holder: CSMEntitlementHolder?
    /// The holder's id, when the answer says.
    public var holderID: String?
    /// Every entitlement detail field with this entitlement's values.
    public var details: [CSMDetailValue]

    /// - Parameters:
    ///   - id: the entitlement's id.
    ///   - product: the product.
    ///   - holder: the kind of holder.
    ///   - holderID: the holder's id.
    ///   - details: the detail fields with their values.
    public init(
        id: String, product: CSMProduct? = nil, holder: CSMEntitlementHolder? = nil, holderID: String? = nil,
        details: [CSMDetailValue] = []
    ) {
        self.id = id
        self.product = product
        self.holder = holder
        self.holderID = holderID
        self.details = details
    }

    private enum CodingKeys: String, CodingKey { case id, product, productId, entity, entityType, entityId, details }
    private enum EntityKeys: String, CodingKey { case type, id }
    private enum ProductKeys: String, CodingKey { case id, name }

    /// Reads the entitlement; missing parts are nil or empty, an unknown holder type is nil.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        if let product = try? container.nestedContainer(keyedBy: ProductKeys.self, forKey: .product) {
            let productID = try product.decode(String.self, forKey: .id)
            self.product = CSMProduct(
                id: productID, name: try product.decodeIfPresent(String.self, forKey: .name) ?? "")
        } else if let productID = try container.decodeIfPresent(String.self, forKey: .productId) {
            product = CSMProduct(id: productID, name: "")
        }
        var type = try container.decodeIfPresent(String.self, forKey: .entityType)
        holderID = try container.decodeIfPresent(String.self, forKey: .entityId)
        if let entity = try? container.nestedContainer(keyedBy: EntityKeys.self, forKey: .entity) {
            type = try entity.decodeIfPresent(String.self, forKey: .type) ?? type
            holderID = try entity.decodeIfPresent(String.self, forKey: .id) ?? holderID
        }
        holder = type.flatMap { CSMEntitlementHolder(rawValue: $0.uppercased()) }
        details = try container.decodeIfPresent([CSMDetailValue].self, forKey: .details) ?? []
    }

    /// The values of the detail field `name` (compared case-insensitively); empty when it has none.
    public func values(of name: String) -> [String] {
        details.values(of: name)
    }
}
