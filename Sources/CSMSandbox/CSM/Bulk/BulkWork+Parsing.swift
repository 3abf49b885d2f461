import Foundation

extension BulkWork {
    /// Reads and checks the body of a bulk call; every problem of shape is a 400 for the whole request.
    /// - Parameters:
    ///   - body: the parsed body: the documented object holding the items under the endpoint's
    ///     key; a bare array of items is refused, as Atlassian documents only the object.
    ///   - endpoint: the call.
    ///   - kind: customers or organizations.
    ///   - directory: the site's data, to check new field definitions against (nothing is changed).
    /// - Throws: ``CSMDirectory/Error/invalid(_:)`` with one sentence for the 400 answer.
    static func parse(
        _ body: JSONValue, endpoint: BulkEndpoint, kind: CSMDirectory.Kind, directory: CSMDirectory
    ) throws(CSMDirectory.Error) -> BulkWork {
        let key = endpoint.itemsKey(kind)
        guard body.arrayValue == nil else {
            throw .invalid("The body must be a JSON object with a '\(key)' array, not a bare array.")
        }
        guard let items = body[key]?.arrayValue else {
            throw .invalid("The body must be a JSON object with a '\(key)' array.")
        }
        guard !items.isEmpty else { throw .invalid("The '\(key)' array is empty.") }
        if endpoint != .details, items.count > endpoint.maximumItems {
            throw .invalid(
                "At most \(endpoint.maximumItems) items are allowed in one request; this one has \(items.count).")
        }
        let reader = ItemReader(key: key)
        switch endpoint {
        case .definitions:
            return .createFields(kind, try reader.fields(items, kind: kind, directory: directory))
        case .details:
            let records = try reader.records(items, kind: kind)
            let count = records.reduce(0) { $0 + $1.changes.count }
            guard count <= endpoint.maximumItems else {
                throw .invalid(
                    "At most \(endpoint.maximumItems) detail operations are allowed in one request; this one has \(count)."
                )
            }
            return .updateDetails(kind, records)
        case .records:
            return kind == .customer
                ? .accounts(try reader.accounts(items)) : .organizations(try reader.organizations(items))
        case .profiles:
            return .profiles(kind, try reader.profiles(items, kind: kind))
        }
    }
}

/// Reads the items of a bulk body, naming the item in every error (`customers[2]: …`).
private struct ItemReader {
    let key: String

    func fields(_ items: [JSONValue], kind: CSMDirectory.Kind, directory: CSMDirectory) throws(CSMDirectory.Error)
        -> [BulkWork.NewField]
    {
        // Creating them in a copy checks names (also against each other), options and the 50-field limit.
        var trial = directory
        var fields: [BulkWork.NewField] = []
        for (index, item) in items.enumerated() {
            let name = try string(item, "name", index)
            let type: FieldTypeInput
            switch FieldTypeInput.parse(item) {
            case .success(let value): type = value
            case .failure:
                throw .invalid(
                    "\(key)[\(index)]: the type must be {\"name\":TYPE,\"options\":[…]} with a type among \(DetailFieldType.allNames)."
                )
            }
            guard let typeName = type.name else {
                throw .invalid("\(key)[\(index)]: the type is required (one of \(DetailFieldType.allNames)).")
            }
            do throws(CSMDirectory.Error) {
                _ = try trial.createField(kind, name: name, type: typeName, options: type.options ?? [])
            } catch {
                throw .invalid("\(key)[\(index)]: \(error.message) Nothing was created.")
            }
            fields.append(BulkWork.NewField(name: name, type: typeName, options: type.options ?? []))
        }
        return fields
    }

    func records(_ items: [JSONValue], kind: CSMDirectory.Kind) throws(CSMDirectory.Error) -> [BulkWork.RecordChanges] {
        var records: [BulkWork.RecordChanges] = []
        for (index, item) in items.enumerated() {
            let id = try string(item, "\(kind.rawValue)Id", index)
            guard let operations = item["operations"]?.arrayValue, !operations.isEmpty else {
                throw .invalid("\(key)[\(index)]: 'operations' must be a non-empty array.")
            }
            var changes: [BulkWork.DetailChange] = []
            for operation in operations {
                let type = try operationType(operation, BulkWork.DetailOperation.self, index)
                guard let payload = operation["payload"], case .object = payload else {
                    throw .invalid("\(key)[\(index)]: each operation needs a 'payload' object with a name.")
                }
                let name = try string(payload, "name", index)
                let values = try strings(payload, "values", index, required: type != .delete)
                changes.append(BulkWork.DetailChange(operation: type, field: name, values: values))
            }
            records.append(BulkWork.RecordChanges(id: id, changes: changes))
        }
        return records
    }

    func accounts(_ items: [JSONValue]) throws(CSMDirectory.Error) -> [BulkWork.AccountChange] {
        var changes: [BulkWork.AccountChange] = []
        for (index, item) in items.enumerated() {
            let type = try operationType(item, AccountOperation.self, index)
            let payload = try payloadObject(item, index)
            switch type {
            case .create:
                changes.append(
                    .create(
                        email: try string(payload, "email", index),
                        displayName: try string(payload, "displayName", index)))
            case .update:
                changes.append(
                    .update(
                        id: try string(payload, "id", index), displayName: try string(payload, "displayName", index)))
            }
        }
        return changes
    }

    func organizations(_ items: [JSONValue]) throws(CSMDirectory.Error) -> [BulkWork.OrganizationChange] {
        var changes: [BulkWork.OrganizationChange] = []
        for (index, item) in items.enumerated() {
            let type = try operationType(item, OrganizationOperation.self, index)
            let payload = try payloadObject(item, index)
            switch type {
            case .create: changes.append(.create(name: try string(payload, "name", index)))
            case .update:
                changes.append(.update(id: try string(payload, "id", index), name: try string(payload, "name", index)))
            case .delete: changes.append(.delete(id: try string(payload, "id", index)))
            }
        }
        return changes
    }

    func profiles(_ items: [JSONValue], kind: CSMDirectory.Kind) throws(CSMDirectory.Error) -> [BulkWork.ProfileChange]
    {
        var profiles: [BulkWork.ProfileChange] = []
        let nameKey = kind == .customer ? "displayName" : "name"
        for (index, item) in items.enumerated() {
            let type = try operationType(item, BulkWork.ProfileOperation.self, index)
            let payload = try payloadObject(item, index)
            let id = try optionalString(payload, "id", index)
            let name = try optionalString(payload, nameKey, index)
            let email = kind == .customer ? try optionalString(payload, "email", index) : nil
            switch (type, kind) {
            case (.create, .customer) where email == nil || name == nil:
                throw .invalid("\(key)[\(index)]: CREATE needs an email and a displayName.")
            case (.create, .organization) where name == nil:
                throw .invalid("\(key)[\(index)]: CREATE needs a name.")
            case (.update, _), (.upsert, _):
                guard id != nil || email != nil || (kind == .organization && name != nil) else {
                    let identity = kind == .customer ? "an id or an email" : "an id or a name"
                    throw .invalid("\(key)[\(index)]: \(type.rawValue) needs \(identity) to find the \(kind.rawValue).")
                }
            default:
                break
            }
            var details: [BulkWork.FieldValues] = []
            if let list = payload["details"], list != .null {
                guard let entries = list.arrayValue else {
                    throw .invalid("\(key)[\(index)]: 'details' must be an array.")
                }
                for entry in entries {
                    details.append(
                        BulkWork.FieldValues(
                            name: try string(entry, "name", index),
                            values: try strings(entry, "values", index, required: true)))
                }
            }
            let (associationKey, idsKey) =
                kind == .customer
                ? ("associateOrganizations", "organizationIds") : ("associateCustomers", "customerIds")
            var associate: [String] = []
            if let association = payload[associationKey], association != .null {
                associate = try strings(association, idsKey, index, required: true)
            }
            profiles.append(
                BulkWork.ProfileChange(
                    operation: type, id: id, name: name, email: email, details: details, associate: associate))
        }
        return profiles
    }

    // MARK: Pieces

    private enum AccountOperation: String, CaseIterable {
        case create = "CREATE"
        case update = "UPDATE"
    }

    private enum OrganizationOperation: String, CaseIterable {
        case create = "CREATE"
        case update = "UPDATE"
        case delete = "DELETE"
    }

    private func operationType<T: RawRepresentable & CaseIterable>(_ item: JSONValue, _ type: T.Type, _ index: Int)
        throws(CSMDirectory.Error) -> T
    where T.RawValue == String {
        let names = T.allCases.map(\.rawValue).joined(separator: ", ")
        guard let name = item["operationType"]?.stringValue, let value = T(rawValue: name.uppercased()) else {
            throw .invalid("\(key)[\(index)]: 'operationType' must be one of \(names).")
        }
        return value
    }

    private func payloadObject(_ item: JSONValue, _ index: Int) throws(CSMDirectory.Error) -> JSONValue {
        guard let payload = item["payload"], case .object = payload else {
            throw .invalid("\(key)[\(index)]: a 'payload' object is required.")
        }
        return payload
    }

    private func string(_ object: JSONValue, _ name: String, _ index: Int) throws(CSMDirectory.Error) -> String {
        guard let value = try optionalString(object, name, index) else {
            throw .invalid("\(key)[\(index)]: '\(name)' is required.")
        }
        return value
    }

    private func optionalString(_ object: JSONValue, _ name: String, _ index: Int) throws(CSMDirectory.Error) -> String?
    {
        switch object[name] {
        case .none, .some(.null): return nil
        case .some(.string(let value)):
            guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw .invalid("\(key)[\(index)]: '\(name)' may not be empty.")
            }
            return value
        default: throw .invalid("\(key)[\(index)]: '\(name)' must be a string.")
        }
    }

    private func strings(_ object: JSONValue, _ name: String, _ index: Int, required: Bool) throws(CSMDirectory.Error)
        -> [String]
    {
        guard let member = object[name], member != .null else {
            if required { throw .invalid("\(key)[\(index)]: '\(name)' must be an array of strings.") }
            return []
        }
        guard let values = member.stringArrayValue else {
            throw .invalid("\(key)[\(index)]: '\(name)' must be an array of strings.")
        }
        return values
    }
}
