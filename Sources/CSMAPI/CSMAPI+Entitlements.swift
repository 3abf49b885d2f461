import CSMAuth
import FoundationEssentials

extension CSMAPI {
    // MARK: Entitlements

    /// An entitlement with its product, holder and details (`GET /entitlement/{entitlementId}`);
    /// needs a service desk agent. The definitions of its detail fields are
    /// ``detailFields(of:)`` with ``CSMRecordKind/entitlement``.
    public func entitlement(id: String) async throws -> CSMEntitlement {
        try await decoded("GET", "entitlement/\(Self.segment(id))", scope: .readEntitlement)
    }

    /// Deletes an entitlement (`DELETE /entitlement/{entitlementId}`); needs a service desk agent.
    public func deleteEntitlement(id: String) async throws {
        _ = try await checked(
            "DELETE", "entitlement/\(Self.segment(id))", body: nil, scope: .writeEntitlement)
    }

    /// Sets the values of one detail field of an entitlement
    /// (`PUT /entitlement/{entitlementId}/details?fieldName=F`); an empty list clears it. Needs a
    /// service desk agent.
    /// - Returns: the field with its values as they are now.
    @discardableResult
    public func setEntitlementDetail(id: String, field: String, values: [String]) async throws -> CSMDetailValue {
        try await decoded(
            "PUT", "entitlement/\(Self.segment(id))/details?fieldName=\(Self.queryValue(field))",
            body: try Self.json(["values": values]), scope: .writeEntitlementDetail)
    }

    /// The entitlements a customer or organization holds itself (`GET /entitlements`, experimental),
    /// paged by `start`/`limit` (at most 25 a page); needs a service desk agent.
    /// - Parameters:
    ///   - holder: a customer or an organization.
    ///   - id: the customer's or organization's id.
    ///   - productID: only the entitlements to this product; nil for all.
    public func entitlements(of holder: CSMEntitlementHolder, id: String, productID: String? = nil) -> CSMList<
        CSMEntitlement
    > {
        var path = "entitlements?entityType=\(holder.rawValue)&entityId=\(Self.queryValue(id))"
        if let productID { path += "&productId=\(Self.queryValue(productID))" }
        return list("GET", path, scope: .readEntitlement, experimental: true)
    }

    /// The entitlements of a customer or organization as its record shows them
    /// (`GET /{customer|organization}/{id}/entitlement`): a customer's include those of its
    /// organizations. Needs a service desk agent.
    /// - Parameters:
    ///   - holder: a customer or an organization.
    ///   - id: the customer's or organization's id.
    ///   - productID: only the entitlements to this product (the `product` parameter); nil for all.
    /// - Throws: `CSMAuthError` (`.invalidInput`) for an empty id, before anything is sent; the
    ///   calls' errors come while iterating.
    public func heldEntitlements(of holder: CSMEntitlementHolder, id: String, productID: String? = nil) throws
        -> CSMList<CSMEntitlement>
    {
        var path = "\(holder.pathSegment)/\(try Self.segment(id))/entitlement"
        if let productID { path += "?product=\(Self.queryValue(productID))" }
        return list("GET", path, scope: .readEntitlement)
    }

    /// Entitles a customer or organization to a product
    /// (`POST /{customer|organization}/{id}/entitlement`); needs a service desk agent.
    /// - Parameters:
    ///   - holder: a customer or an organization.
    ///   - id: the customer's or organization's id.
    ///   - productID: the product.
    ///   - details: values of the entitlement's detail fields.
    /// - Returns: the new entitlement.
    public func createEntitlement(
        for holder: CSMEntitlementHolder, id: String, productID: String, details: [CSMEntitlementDetail] = []
    ) async throws -> CSMEntitlement {
        try await decoded(
            "POST", "\(holder.pathSegment)/\(Self.segment(id))/entitlement",
            body: try Self.json(EntitlementInput(productId: productID, details: details.isEmpty ? nil : details)),
            scope: .writeEntitlement)
    }

    private struct EntitlementInput: Encodable {
        var productId: String
        var details: [CSMEntitlementDetail]?
    }
}
