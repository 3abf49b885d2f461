import Foundation

extension CSMDirectory {
    // MARK: Products

    /// The product with `id`, or nil.
    func product(id: String) -> SandboxProduct? {
        catalog.products.first { $0.id == id }
    }

    /// Adds a product.
    /// - Throws: ``Error/invalid(_:)`` for a bad or duplicate name.
    mutating func createProduct(name: String) throws(Error) -> SandboxProduct {
        let name = try checkedProductName(name, except: nil)
        let product = SandboxProduct(id: catalog.newProductID(), name: name)
        catalog.products.append(product)
        return product
    }

    /// Renames a product.
    /// - Throws: ``Error/notFound(_:)`` for an unknown id, ``Error/invalid(_:)`` for a bad or duplicate name.
    mutating func renameProduct(id: String, to name: String) throws(Error) -> SandboxProduct {
        guard let index = catalog.products.firstIndex(where: { $0.id == id }) else {
            throw .notFound("No product with id '\(id)'.")
        }
        catalog.products[index].name = try checkedProductName(name, except: id)
        return catalog.products[index]
    }

    /// Deletes a product and every entitlement to it.
    /// - Throws: ``Error/notFound(_:)`` for an unknown id.
    mutating func deleteProduct(id: String) throws(Error) {
        guard catalog.products.contains(where: { $0.id == id }) else {
            throw .notFound("No product with id '\(id)'.")
        }
        catalog.products.removeAll { $0.id == id }
        for entitlement in catalog.entitlements where entitlement.productID == id {
            try? deleteEntitlement(id: entitlement.id)
        }
    }

    private func checkedProductName(_ name: String, except id: String?) throws(Error) -> String {
        let trimmed = try Self.checkedName(name, as: "A product name")
        guard !catalog.products.contains(where: { $0.id != id && $0.name.lowercased() == trimmed.lowercased() }) else {
            throw .invalid("A product named '\(trimmed)' already exists.")
        }
        return trimmed
    }

    // MARK: Entitlements

    /// The entitlement with `id`, or nil.
    func entitlement(id: String) -> SandboxEntitlement? {
        catalog.entitlements.first { $0.id == id }
    }

    /// The entitlements a customer or organization holds, optionally to one product only.
    /// - Parameter inherited: for a customer, also those of its organizations.
    func entitlements(of kind: Kind, ownerID: String, productID: String?, inherited: Bool) -> [SandboxEntitlement] {
        var owners = [(kind, ownerID)]
        if inherited, kind == .customer, let customer = entity(.customer, id: ownerID) {
            owners += customer.organizationIDs.map { (Kind.organization, $0) }
        }
        return catalog.entitlements.filter { entitlement in
            owners.contains { $0.0 == entitlement.ownerKind && $0.1 == entitlement.ownerID }
                && (productID == nil || entitlement.productID == productID)
        }
    }

    /// Entitles a customer or organization to a product, with some detail values. Nothing is
    /// created when a value is refused.
    /// - Throws: ``Error/notFound(_:)`` for an unknown product, holder or field; ``Error/invalid(_:)``
    ///   for a holder already entitled to the product or a bad value.
    mutating func createEntitlement(
        productID: String, for kind: Kind, ownerID: String, details: [(name: String, values: [String])]
    ) throws(Error) -> SandboxEntitlement {
        guard entity(kind, id: ownerID) != nil else { throw .notFound("No \(kind.rawValue) with id '\(ownerID)'.") }
        guard product(id: productID) != nil else { throw .notFound("No product with id '\(productID)'.") }
        guard entitlements(of: kind, ownerID: ownerID, productID: productID, inherited: false).isEmpty else {
            throw .invalid("The \(kind.rawValue) is already entitled to this product.")
        }
        var copy = self
        let entitlement = SandboxEntitlement(
            id: copy.catalog.newEntitlementID(), productID: productID, ownerKind: kind, ownerID: ownerID)
        copy.catalog.entitlements.append(entitlement)
        copy.insert(
            CSMEntity(id: entitlement.id, name: productID, email: nil, organizationIDs: [], values: [:]),
            as: .entitlement)
        for detail in details {
            _ = try copy.setValues(
                .entitlement, entityID: entitlement.id, fieldName: detail.name, values: detail.values)
        }
        self = copy
        return entitlement
    }

    /// Deletes an entitlement and its values.
    /// - Throws: ``Error/notFound(_:)`` for an unknown id.
    mutating func deleteEntitlement(id: String) throws(Error) {
        guard catalog.entitlements.contains(where: { $0.id == id }) else {
            throw .notFound("No entitlement with id '\(id)'.")
        }
        catalog.entitlements.removeAll { $0.id == id }
        // Clears the values; the empty record is unreachable once the entitlement is gone.
        insert(CSMEntity(id: id, name: "", email: nil, organizationIDs: [], values: [:]), as: .entitlement)
    }

    /// Deletes every entitlement a customer or organization holds: a deleted holder's entitlements
    /// would otherwise still be readable by id.
    mutating func deleteEntitlements(heldBy kind: Kind, id ownerID: String) {
        for entitlement in catalog.entitlements where entitlement.ownerKind == kind && entitlement.ownerID == ownerID {
            try? deleteEntitlement(id: entitlement.id)
        }
    }

    /// Sets the values of one detail field of an entitlement; an empty list clears it.
    /// - Returns: the field with its values, `{"id","name","type","values"}`.
    /// - Throws: ``Error/notFound(_:)`` for an unknown entitlement or field, ``Error/invalid(_:)`` for bad values.
    mutating func setEntitlementValues(id: String, fieldName: String, values: [String]) throws(Error) -> JSONValue {
        guard entitlement(id: id) != nil else { throw .notFound("No entitlement with id '\(id)'.") }
        let (entity, field) = try setFieldValues(.entitlement, entityID: id, fieldName: fieldName, values: values)
        return [
            "id": .string(field.id), "name": .string(field.name), "type": field.typeJSON,
            "values": .array((entity.values[field.id] ?? []).map(JSONValue.string)),
        ]
    }

    /// The entitlement as the API shows it:
    /// `{"id","product":{"id","name"},"entity":{"type","id"},"details":[…]}`.
    func json(for entitlement: SandboxEntitlement) -> JSONValue {
        let product = product(id: entitlement.productID)
        let values =
            entity(.entitlement, id: entitlement.id)
            ?? CSMEntity(id: entitlement.id, name: "", email: nil, organizationIDs: [], values: [:])
        return [
            "id": .string(entitlement.id),
            "product": ["id": .string(entitlement.productID), "name": .string(product?.name ?? "")],
            "entity": [
                "type": .string(entitlement.ownerKind.rawValue.uppercased()), "id": .string(entitlement.ownerID),
            ],
            "details": json(for: values, as: .entitlement)["details"] ?? [],
        ]
    }

    // MARK: Help centres and their requests

    /// The help centre with `id`, or nil.
    func helpCenter(id: String) -> SandboxHelpCenter? {
        helpCenters.first { $0.id == id }
    }

    /// Grants organizations access to a help centre; ones that already have it are kept once.
    /// - Throws: ``Error/notFound(_:)`` for an unknown help centre or organization.
    mutating func grantAccess(toHelpCenter id: String, organizationIDs: [String]) throws(Error) {
        guard let index = helpCenters.firstIndex(where: { $0.id == id }) else {
            throw .notFound("No help centre with id '\(id)'.")
        }
        for organizationID in organizationIDs where entity(.organization, id: organizationID) == nil {
            throw .notFound("No organization with id '\(organizationID)'.")
        }
        for organizationID in organizationIDs where !helpCenters[index].organizationIDs.contains(organizationID) {
            helpCenters[index].organizationIDs.append(organizationID)
        }
    }

    /// Removes an organization's access to a help centre; one without access is no change.
    /// - Throws: ``Error/notFound(_:)`` for an unknown help centre.
    mutating func revokeAccess(toHelpCenter id: String, organizationID: String) throws(Error) {
        guard let index = helpCenters.firstIndex(where: { $0.id == id }) else {
            throw .notFound("No help centre with id '\(id)'.")
        }
        helpCenters[index].organizationIDs.removeAll { $0 == organizationID }
    }

    /// The index in `catalog.issues` of the issue with this id or key, or nil.
    func issueIndex(_ idOrKey: String) -> Int? {
        catalog.issues.firstIndex { $0.matches(idOrKey) }
    }

    /// Creates a request through a help centre's form: the next `CSM-n` key, the form attached.
    mutating func createRequest(helpCenterID: String, summary: String, reporterEmail: String) -> SandboxIssue {
        let number = catalog.nextIssueNumber
        catalog.nextIssueNumber += 1
        let issue = SandboxIssue(
            id: String(10000 + number), key: "CSM-\(number)", summary: summary, reporterEmail: reporterEmail,
            helpCenterIDs: [helpCenterID], hasForm: true)
        catalog.issues.append(issue)
        return issue
    }
}
