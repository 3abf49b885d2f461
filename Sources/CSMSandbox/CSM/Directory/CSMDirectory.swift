import Foundation

/// One site's CSM data: customer and organization detail fields, customers and organizations.
///
/// Pure data and rules, no HTTP: the API layer decides who may call what, this type decides
/// whether the call makes sense (types, options, the 50-field limit, unknown names).
struct CSMDirectory: Sendable {
    /// Customers, organizations or entitlements: the kinds share the same field and value rules.
    enum Kind: String, Sendable, CaseIterable {
        case customer
        case organization
        case entitlement
    }

    /// Why a directory call was refused.
    enum Error: Swift.Error, Equatable {
        /// No such field or entity (404).
        case notFound(String)
        /// The request does not make sense (400).
        case invalid(String)
    }

    /// Atlassian's limit of detail fields per kind.
    static let maximumFieldCount = 50

    private(set) var fields: [Kind: [DetailField]] = [:]
    private var entities: [Kind: [String: CSMEntity]] = [:]
    /// The ids of each kind's entities, sorted, kept up to date by `insert` and `remove` so that a
    /// list (read on every page of a search) costs no sort of the whole site.
    private var sortedIDs: [Kind: [String]] = [:]
    private var nextFieldNumber = 10001
    /// The site's help centres (customer experiences).
    var helpCenters: [SandboxHelpCenter] = []
    /// The highest organization number handed out, so a deleted organization's id is never reused.
    var lastOrganizationNumber = 0
    /// Products, entitlements and the requests raised on help centres (see CSMCatalog).
    var catalog = CSMCatalog()

    /// An empty directory.
    init() {}

    // MARK: Fields

    /// The field definitions of `kind`, in position order.
    func fields(of kind: Kind) -> [DetailField] {
        fields[kind] ?? []
    }

    /// The field of `kind` named `name`, compared case-insensitively as names are unique; nil if none.
    func field(_ kind: Kind, named name: String) -> DetailField? {
        fieldIndex(kind, named: name).map { fields(of: kind)[$0] }
    }

    /// Where in ``fields(of:)`` the field named `name` (case ignored) is; nil if none.
    private func fieldIndex(_ kind: Kind, named name: String) -> Int? {
        fields(of: kind).firstIndex { $0.name.lowercased() == name.lowercased() }
    }

    /// Adds a field.
    /// - Throws: ``Error/invalid(_:)`` for a bad name, a duplicate, bad options or the 50-field limit.
    mutating func createField(
        _ kind: Kind, name: String, type: DetailFieldType, options: [String]
    ) throws(Error) -> DetailField {
        let name = try Self.checkedName(name, as: "A detail field name")
        var list = fields(of: kind)
        guard self.field(kind, named: name) == nil else {
            throw .invalid("A \(kind.rawValue) detail field named '\(name)' already exists.")
        }
        guard list.count < Self.maximumFieldCount else {
            throw .invalid("A site can have at most \(Self.maximumFieldCount) \(kind.rawValue) detail fields.")
        }
        try Self.checkOptions(options, for: type)
        let field = DetailField(id: String(nextFieldNumber), name: name, type: type, options: options)
        nextFieldNumber += 1
        list.append(field)
        fields[kind] = list
        return field
    }

    /// Renames a field and/or replaces its options. Values using a removed option are dropped.
    /// - Throws: ``Error/notFound(_:)`` for an unknown field, ``Error/invalid(_:)`` for a type change,
    ///   a duplicate name or bad options.
    mutating func updateField(
        _ kind: Kind, named fieldName: String, newName: String?, newType: DetailFieldType?, newOptions: [String]?
    ) throws(Error) -> DetailField {
        var list = fields(of: kind)
        guard let index = fieldIndex(kind, named: fieldName) else {
            throw .notFound("No \(kind.rawValue) detail field named '\(fieldName)'.")
        }
        var field = list[index]
        if let newType, newType != field.type {
            throw .invalid("The type of a detail field cannot be changed (it is \(field.type.rawValue)).")
        }
        if let newName {
            let checked = try Self.checkedName(newName, as: "A detail field name")
            if let other = fieldIndex(kind, named: checked), other != index {
                throw .invalid("A \(kind.rawValue) detail field named '\(checked)' already exists.")
            }
            field.name = checked
        }
        if let newOptions {
            try Self.checkOptions(newOptions, for: field.type)
            field.options = newOptions
            for id in entities[kind, default: [:]].keys {
                if let values = entities[kind]?[id]?.values[field.id] {
                    let kept = values.filter(newOptions.contains)
                    entities[kind]?[id]?.values[field.id] = kept.isEmpty ? nil : kept
                }
            }
        }
        list[index] = field
        fields[kind] = list
        return field
    }

    /// The definition of `field`, one of `kind`'s, as `GET …/details` lists it, at its place in the list.
    func definitionJSON(of field: DetailField, kind: Kind) -> JSONValue {
        field.definitionJSON(index: fields(of: kind).firstIndex { $0.id == field.id } ?? 0)
    }

    /// Deletes a field and every value stored in it.
    /// - Throws: ``Error/notFound(_:)``.
    mutating func deleteField(_ kind: Kind, named fieldName: String) throws(Error) {
        var list = fields(of: kind)
        guard let index = fieldIndex(kind, named: fieldName) else {
            throw .notFound("No \(kind.rawValue) detail field named '\(fieldName)'.")
        }
        let removed = list.remove(at: index)
        fields[kind] = list
        for id in entities[kind, default: [:]].keys {
            entities[kind]?[id]?.values[removed.id] = nil
        }
    }

    // MARK: Entities

    /// Adds or replaces a customer or organization.
    mutating func insert(_ entity: CSMEntity, as kind: Kind) {
        if entities[kind, default: [:]].updateValue(entity, forKey: entity.id) == nil {
            // In place: a copy taken out of the dictionary would copy every id on each insert.
            let index = Self.insertionIndex(of: entity.id, in: sortedIDs[kind] ?? [])
            sortedIDs[kind, default: []].insert(entity.id, at: index)
        }
    }

    /// Removes a customer or organization; nil when there was none with `id`.
    @discardableResult
    mutating func remove(_ kind: Kind, id: String) -> CSMEntity? {
        guard let removed = entities[kind]?.removeValue(forKey: id) else { return nil }
        let index = Self.insertionIndex(of: id, in: sortedIDs[kind] ?? [])
        if sortedIDs[kind]?.indices.contains(index) == true, sortedIDs[kind]?[index] == id {
            sortedIDs[kind]?.remove(at: index)
        }
        return removed
    }

    /// The customer or organization with `id`, or `nil`.
    func entity(_ kind: Kind, id: String) -> CSMEntity? {
        entities[kind]?[id]
    }

    /// Every entity of `kind`, sorted by id.
    func entities(of kind: Kind) -> [CSMEntity] {
        guard let all = entities[kind] else { return [] }
        return (sortedIDs[kind] ?? []).compactMap { all[$0] }
    }

    /// Where `id` is or would go in the sorted `ids` (the first index whose id is not smaller).
    private static func insertionIndex(of id: String, in ids: [String]) -> Int {
        var low = 0
        var high = ids.count
        while low < high {
            let middle = (low + high) / 2
            if ids[middle] < id { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Replaces the values of one field of one entity; an empty list clears the field.
    /// - Throws: ``Error/notFound(_:)`` for an unknown entity or field, ``Error/invalid(_:)`` for bad values.
    mutating func setValues(
        _ kind: Kind, entityID: String, fieldName: String, values: [String]
    ) throws(Error) -> CSMEntity {
        try setFieldValues(kind, entityID: entityID, fieldName: fieldName, values: values).entity
    }

    /// ``setValues(_:entityID:fieldName:values:)``, answering the field it found as well.
    mutating func setFieldValues(
        _ kind: Kind, entityID: String, fieldName: String, values: [String]
    ) throws(Error) -> (entity: CSMEntity, field: DetailField) {
        guard var entity = entity(kind, id: entityID) else {
            throw .notFound("No \(kind.rawValue) with id '\(entityID)'.")
        }
        guard let field = self.field(kind, named: fieldName) else {
            throw .notFound("No \(kind.rawValue) detail field named '\(fieldName)'.")
        }
        if let problem = field.type.problem(with: values, options: field.options) {
            throw .invalid(problem)
        }
        entity.values[field.id] = values.isEmpty ? nil : values
        insert(entity, as: kind)
        return (entity, field)
    }

    /// The entity as `GET /customer/{id}` or `GET /organization/{id}` answers it.
    func json(for entity: CSMEntity, as kind: Kind) -> JSONValue {
        let details: [JSONValue] = fields(of: kind).enumerated().map { index, field in
            [
                "id": .string(field.id),
                "name": .string(field.name),
                "type": field.typeJSON,
                "values": .array((entity.values[field.id] ?? []).map(JSONValue.string)),
                "configuration": DetailField.configurationJSON(index: index),
            ]
        }
        var members: [String: JSONValue] = [
            "id": .string(entity.id),
            "name": .string(entity.name),
            "details": .array(details),
        ]
        if kind == .customer {
            if let email = entity.email {
                members["email"] = .string(email)
            }
            members["organizations"] = .array(
                entity.organizationIDs.compactMap { self.entity(.organization, id: $0) }.map {
                    ["id": .string($0.id), "name": .string($0.name)]
                })
        }
        return .object(members)
    }

    // MARK: Rules

    /// A name trimmed of surrounding whitespace, which must then have 1 to 255 characters: the rule
    /// for every name the sandbox stores (fields, display names, organizations, products).
    /// - Parameters:
    ///   - name: the name as given.
    ///   - subject: what it names, starting the error, such as `A detail field name`.
    static func checkedName(_ name: String, as subject: String) throws(Error) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 255 else {
            throw .invalid("\(subject) must have 1 to 255 characters.")
        }
        return trimmed
    }

    private static func checkOptions(_ options: [String], for type: DetailFieldType) throws(Error) {
        if type.hasOptions {
            guard !options.isEmpty else { throw .invalid("A \(type.rawValue) field needs at least one option.") }
            guard Set(options).count == options.count else { throw .invalid("Options may not repeat.") }
            guard options.allSatisfy({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
                throw .invalid("Options may not be empty.")
            }
        } else if !options.isEmpty {
            throw .invalid("Only SELECT and MULTISELECT fields take options.")
        }
    }
}
