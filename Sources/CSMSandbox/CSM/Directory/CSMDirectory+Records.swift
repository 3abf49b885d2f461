import Foundation

extension CSMDirectory {
    /// One detail's values as a create-profile body gives them: `{"name","values"}`.
    struct DetailInput: Sendable, Equatable {
        var name: String
        var values: [String]
    }

    // MARK: Customer accounts

    /// Creates a customer account, its email trimmed of surrounding spaces.
    /// - Parameter id: the new account's id; by default a new random `qm:` id (bulk calls give
    ///   their own, see ``BulkWork/createdAccountPrefix``).
    /// - Throws: ``Error/invalid(_:)`` for a bad email or display name, or an email already in use.
    mutating func createCustomer(email: String, displayName: String, id: String? = nil) throws(Error) -> CSMEntity {
        let email = email.trimmingCharacters(in: .whitespaces)
        guard EmailAddress.isPlausible(email) else { throw .invalid("'\(email)' is not a valid email address.") }
        let name = try Self.checkedDisplayName(displayName)
        guard customer(email: email) == nil else {
            throw .invalid("A customer with the email '\(email)' already exists.")
        }
        let id = id ?? "qm:" + UUID().uuidString.lowercased()
        let entity = CSMEntity(id: id, name: name, email: email, organizationIDs: [], values: [:])
        insert(entity, as: .customer)
        return entity
    }

    /// The customer with `email`, compared as ``createCustomer(email:displayName:id:)`` compares
    /// it: trimmed of surrounding spaces, case ignored; nil if none.
    func customer(email: String) -> CSMEntity? {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        return entities(of: .customer).first { $0.email?.lowercased() == email }
    }

    /// Changes a customer's display name.
    /// - Throws: ``Error/notFound(_:)`` for an unknown customer, ``Error/invalid(_:)`` for a bad name.
    mutating func renameCustomer(id: String, displayName: String) throws(Error) -> CSMEntity {
        guard var entity = entity(.customer, id: id) else { throw .notFound("No customer with id '\(id)'.") }
        entity.name = try Self.checkedDisplayName(displayName)
        insert(entity, as: .customer)
        return entity
    }

    /// The account as `GET /customer/account/{id}` answers it: `{"id","displayName","email"}`.
    func accountJSON(for entity: CSMEntity) -> JSONValue {
        var members: [String: JSONValue] = ["id": .string(entity.id), "displayName": .string(entity.name)]
        if let email = entity.email { members["email"] = .string(email) }
        return .object(members)
    }

    // MARK: Organizations

    /// Creates an organization with the next free number as its id.
    /// - Throws: ``Error/invalid(_:)`` for a bad name or one already in use.
    mutating func createOrganization(name: String) throws(Error) -> CSMEntity {
        let name = try checkedOrganizationName(name, except: nil)
        let entity = CSMEntity(id: newOrganizationID(), name: name, email: nil, organizationIDs: [], values: [:])
        insert(entity, as: .organization)
        return entity
    }

    /// The id of a new organization: one more than any organization number handed out on the
    /// site, so the id of a deleted organization (whose entitlements and access lists might
    /// still name it somewhere) is never given to another.
    mutating func newOrganizationID() -> String {
        let highest = entities(of: .organization).compactMap { Int($0.id) }.max() ?? 0
        lastOrganizationNumber = max(lastOrganizationNumber, highest) + 1
        return String(lastOrganizationNumber)
    }

    /// Renames an organization.
    /// - Throws: ``Error/notFound(_:)`` for an unknown organization, ``Error/invalid(_:)`` for a bad or taken name.
    mutating func renameOrganization(id: String, name: String) throws(Error) -> CSMEntity {
        guard var entity = entity(.organization, id: id) else { throw .notFound("No organization with id '\(id)'.") }
        entity.name = try checkedOrganizationName(name, except: id)
        insert(entity, as: .organization)
        return entity
    }

    /// Deletes a customer account and the entitlements it holds.
    /// - Throws: ``Error/notFound(_:)``.
    mutating func deleteCustomer(id: String) throws(Error) {
        guard remove(.customer, id: id) != nil else { throw .notFound("No customer with id '\(id)'.") }
        deleteEntitlements(heldBy: .customer, id: id)
    }

    /// Deletes an organization and the entitlements it holds, and takes it out of its customers
    /// and of the help centres' access lists.
    /// - Throws: ``Error/notFound(_:)``.
    mutating func deleteOrganization(id: String) throws(Error) {
        guard remove(.organization, id: id) != nil else { throw .notFound("No organization with id '\(id)'.") }
        deleteEntitlements(heldBy: .organization, id: id)
        for var customer in entities(of: .customer) where customer.organizationIDs.contains(id) {
            customer.organizationIDs.removeAll { $0 == id }
            insert(customer, as: .customer)
        }
        for index in helpCenters.indices {
            helpCenters[index].organizationIDs.removeAll { $0 == id }
        }
    }

    /// The organization named `name` (case ignored, as names must be unique so), or nil.
    func organization(named name: String) -> CSMEntity? {
        entities(of: .organization).first { $0.name.lowercased() == name.lowercased() }
    }

    /// The organizations with one of `ids` or `names` (names compared case-insensitively), in the
    /// order asked, each once; unknown ones are left out.
    func organizations(ids: [String], names: [String]) -> [CSMEntity] {
        var found: [CSMEntity] = []
        for id in ids {
            if let organization = entity(.organization, id: id), !found.contains(organization) {
                found.append(organization)
            }
        }
        for name in names {
            if let organization = organization(named: name), !found.contains(organization) {
                found.append(organization)
            }
        }
        return found
    }

    // MARK: Searching and access

    /// The customers having every `(name, value)` pair among their values (field names compared
    /// case-insensitively, values exactly), sorted by id.
    /// - Throws: ``Error/invalid(_:)`` for a field the site does not have.
    func customers(matching pairs: [(name: String, value: String)]) throws(Error) -> [CSMEntity] {
        var fieldIDs: [(String, String)] = []
        for pair in pairs {
            guard let field = self.field(.customer, named: pair.name) else {
                throw .invalid("No customer detail field named '\(pair.name)'.")
            }
            fieldIDs.append((field.id, pair.value))
        }
        return entities(of: .customer).filter { customer in
            fieldIDs.allSatisfy { fieldID, value in customer.values[fieldID]?.contains(value) ?? false }
        }
    }

    /// The help centres the customer may use: the unrestricted ones and the restricted ones one of
    /// their organizations has access to.
    func helpCenters(accessibleBy customer: CSMEntity) -> [SandboxHelpCenter] {
        helpCenters.filter { center in
            !center.restricted || center.organizationIDs.contains(where: customer.organizationIDs.contains)
        }
    }

    // MARK: Profiles

    /// A customer's or organization's profile: the record as `GET /{kind}/{id}` answers it, plus
    /// `entitlements` (those it holds itself, as `GET /entitlements` lists them; a customer's
    /// organizations' are theirs) and, for an organization, its `customers`.
    func profileJSON(for entity: CSMEntity, as kind: Kind) -> JSONValue {
        guard case .object(var members) = json(for: entity, as: kind) else { return json(for: entity, as: kind) }
        members["entitlements"] = .array(
            entitlements(of: kind, ownerID: entity.id, productID: nil, inherited: false).map { json(for: $0) })
        if kind == .organization {
            members["customers"] = .array(
                entities(of: .customer).filter { $0.organizationIDs.contains(entity.id) }.map {
                    ["id": .string($0.id), "name": .string($0.name)]
                })
        }
        return .object(members)
    }

    /// Sets several details of one record, all or nothing; a field or value the site does not
    /// accept is ``Error/invalid(_:)`` (it came in the body, not the path).
    mutating func setDetails(_ details: [DetailInput], of kind: Kind, id: String) throws(Error) {
        for detail in details {
            do {
                _ = try setValues(kind, entityID: id, fieldName: detail.name, values: detail.values)
            } catch .notFound(let message) {
                throw .invalid(message)
            }
        }
    }

    // MARK: Rules

    /// The display name trimmed; 1 to 255 characters.
    static func checkedDisplayName(_ name: String) throws(Error) -> String {
        try checkedName(name, as: "A display name")
    }

    /// The organization name trimmed; 1 to 255 characters and not another organization's (`id` excepted).
    func checkedOrganizationName(_ name: String, except id: String?) throws(Error) -> String {
        let trimmed = try Self.checkedName(name, as: "An organization name")
        // Names are unique, so the one organization with this name is either `id` or another.
        if let other = organization(named: trimmed), other.id != id {
            throw .invalid("An organization named '\(trimmed)' already exists.")
        }
        return trimmed
    }
}
