import Foundation

extension BulkWork {
    /// The prefix of the ids of accounts that bulk calls create; the last group counts up from 1
    /// on each site, so a test knows the ids (`qm:b01c0000-0000-4000-8000-000000000001`, …).
    static let createdAccountPrefix = "qm:b01c0000-0000-4000-8000-"

    /// Applies the work to `directory`, item by item: what fails is skipped and reported, the rest applied.
    /// - Parameters:
    ///   - directory: the site's data.
    ///   - nextAccountNumber: the number of the next created account's id; advanced per account.
    /// - Returns: the items that failed.
    func apply(to directory: inout CSMDirectory, nextAccountNumber: inout Int) -> [BulkFailure] {
        var applier = Applier(directory: directory, nextAccountNumber: nextAccountNumber)
        switch self {
        case .createFields(let kind, let fields):
            for field in fields { applier.createField(field, kind: kind) }
        case .updateDetails(let kind, let records):
            for record in records { applier.updateDetails(record, kind: kind) }
        case .accounts(let changes):
            for change in changes { applier.apply(change) }
        case .organizations(let changes):
            for change in changes { applier.apply(change) }
        case .profiles(let kind, let profiles):
            for profile in profiles { applier.apply(profile, kind: kind) }
        }
        directory = applier.directory
        nextAccountNumber = applier.nextAccountNumber
        return applier.failures
    }
}

/// The state of one run of ``BulkWork/apply(to:nextAccountNumber:)``: the directory being changed
/// and the failures so far.
private struct Applier {
    var directory: CSMDirectory
    var nextAccountNumber: Int
    var failures: [BulkFailure] = []

    mutating func fail(
        _ kind: CSMDirectory.Kind, _ entityID: String?, _ operation: String, on operatedOn: String, _ ids: [String],
        _ error: String
    ) {
        failures.append(
            BulkFailure(
                entity: kind.rawValue.uppercased(), entityID: entityID, operation: operation, operatedOn: operatedOn,
                operatedOnIDs: ids, error: error))
    }

    // MARK: Fields and values

    mutating func createField(_ field: BulkWork.NewField, kind: CSMDirectory.Kind) {
        do throws(CSMDirectory.Error) {
            _ = try directory.createField(kind, name: field.name, type: field.type, options: field.options)
        } catch {
            fail(kind, nil, "CREATE", on: "DETAIL_FIELD", [field.name], error.message)
        }
    }

    mutating func updateDetails(_ record: BulkWork.RecordChanges, kind: CSMDirectory.Kind) {
        let detail = "\(kind.rawValue.uppercased())_DETAIL"
        guard directory.entity(kind, id: record.id) != nil else {
            for change in record.changes {
                fail(
                    kind, record.id, change.operation.rawValue, on: detail, [change.field],
                    "No \(kind.rawValue) with id '\(record.id)'.")
            }
            return
        }
        for change in record.changes {
            do throws(CSMDirectory.Error) {
                let values: [String]
                switch change.operation {
                case .update: values = change.values
                case .delete: values = []
                case .patch:
                    values = currentValues(kind, id: record.id, field: change.field).appendingNew(change.values)
                }
                _ = try directory.setValues(kind, entityID: record.id, fieldName: change.field, values: values)
            } catch {
                fail(kind, record.id, change.operation.rawValue, on: detail, [change.field], error.message)
            }
        }
    }

    /// Replaces the values of each named field; failures name the record and the field.
    mutating func setDetails(_ details: [BulkWork.FieldValues], kind: CSMDirectory.Kind, id: String, operation: String)
    {
        for detail in details {
            do throws(CSMDirectory.Error) {
                _ = try directory.setValues(kind, entityID: id, fieldName: detail.name, values: detail.values)
            } catch {
                fail(kind, id, operation, on: "\(kind.rawValue.uppercased())_DETAIL", [detail.name], error.message)
            }
        }
    }

    func currentValues(_ kind: CSMDirectory.Kind, id: String, field name: String) -> [String] {
        guard let field = directory.field(kind, named: name) else { return [] }
        return directory.entity(kind, id: id)?.values[field.id] ?? []
    }

    // MARK: Accounts and organizations

    mutating func apply(_ change: BulkWork.AccountChange) {
        switch change {
        case .create(let email, let displayName):
            if let existing = directory.customer(email: email) {
                fail(
                    .customer, existing.id, "CREATE", on: "CUSTOMER_ACCOUNT", [email],
                    "A customer account with the email '\(email)' already exists.")
                return
            }
            do throws(CSMDirectory.Error) {
                _ = try newCustomer(email: email, displayName: displayName)
            } catch {
                fail(.customer, nil, "CREATE", on: "CUSTOMER_ACCOUNT", [email], error.message)
            }
        case .update(let id, let displayName):
            do throws(CSMDirectory.Error) {
                _ = try directory.renameCustomer(id: id, displayName: displayName)
            } catch {
                fail(.customer, id, "UPDATE", on: "CUSTOMER_ACCOUNT", [id], error.message)
            }
        }
    }

    mutating func apply(_ change: BulkWork.OrganizationChange) {
        switch change {
        case .create(let name):
            if let existing = directory.organization(named: name) {
                fail(
                    .organization, existing.id, "CREATE", on: "ORGANIZATION", [name],
                    "An organization named '\(name)' already exists.")
                return
            }
            do throws(CSMDirectory.Error) {
                _ = try directory.createOrganization(name: name)
            } catch {
                fail(.organization, nil, "CREATE", on: "ORGANIZATION", [name], error.message)
            }
        case .update(let id, let name):
            do throws(CSMDirectory.Error) {
                _ = try directory.renameOrganization(id: id, name: name)
            } catch {
                fail(.organization, id, "UPDATE", on: "ORGANIZATION", [id], error.message)
            }
        case .delete(let id):
            do throws(CSMDirectory.Error) {
                try directory.deleteOrganization(id: id)
            } catch {
                fail(.organization, id, "DELETE", on: "ORGANIZATION", [id], "No organization with id '\(id)'.")
            }
        }
    }

    // MARK: Profiles

    mutating func apply(_ profile: BulkWork.ProfileChange, kind: CSMDirectory.Kind) {
        let operation = profile.operation.rawValue
        let account = kind == .customer ? "CUSTOMER_ACCOUNT" : "ORGANIZATION"
        let id: String
        if let entity = existing(profile, kind: kind) {
            guard profile.operation != .create else {
                let what = kind == .customer ? "the email '\(profile.email ?? "")'" : "the name '\(profile.name ?? "")'"
                fail(
                    kind, entity.id, operation, on: account, [profile.email ?? profile.name ?? entity.id],
                    "A \(kind.rawValue) with \(what) already exists.")
                return
            }
            // A rename is the single call's, with its rules: trimmed, 1 to 255 characters, and an
            // organization's name unique (case-insensitively).
            if let name = profile.name {
                do throws(CSMDirectory.Error) {
                    _ =
                        kind == .customer
                        ? try directory.renameCustomer(id: entity.id, displayName: name)
                        : try directory.renameOrganization(id: entity.id, name: name)
                } catch {
                    fail(kind, entity.id, operation, on: account, [name], error.message)
                    return
                }
            }
            id = entity.id
        } else {
            guard profile.operation == .create || (profile.operation == .upsert && canCreate(profile, kind: kind))
            else {
                let named = profile.id ?? profile.email ?? profile.name ?? ""
                fail(
                    kind, profile.id, operation, on: account, [named],
                    "No \(kind.rawValue) '\(named)' was found to update.")
                return
            }
            do throws(CSMDirectory.Error) {
                id =
                    kind == .customer
                    ? try newCustomer(email: profile.email ?? "", displayName: profile.name ?? profile.email ?? "")
                    : try directory.createOrganization(name: profile.name ?? "").id
            } catch {
                fail(kind, nil, operation, on: account, [profile.email ?? profile.name ?? ""], error.message)
                return
            }
        }
        setDetails(profile.details, kind: kind, id: id, operation: operation)
        for other in profile.associate {
            associate(kind: kind, id: id, with: other, operation: operation)
        }
    }

    /// The record a profile names: by id, else by email (customers) or name (organizations).
    func existing(_ profile: BulkWork.ProfileChange, kind: CSMDirectory.Kind) -> CSMEntity? {
        if let id = profile.id, let entity = directory.entity(kind, id: id) { return entity }
        if kind == .customer, let email = profile.email { return directory.customer(email: email) }
        if kind == .organization, let name = profile.name { return directory.organization(named: name) }
        return nil
    }

    /// Whether an UPSERT that found nothing can create: a customer needs an email, an
    /// organization a name (an id alone never creates).
    func canCreate(_ profile: BulkWork.ProfileChange, kind: CSMDirectory.Kind) -> Bool {
        kind == .customer ? profile.email != nil : profile.name != nil
    }

    mutating func associate(kind: CSMDirectory.Kind, id: String, with otherID: String, operation: String) {
        let (customerID, organizationID) = kind == .customer ? (id, otherID) : (otherID, id)
        let operatedOn = kind == .customer ? "CUSTOMER_ORGANIZATION" : "ORGANIZATION_CUSTOMER"
        let otherKind: CSMDirectory.Kind = kind == .customer ? .organization : .customer
        guard directory.entity(otherKind, id: otherID) != nil,
            var customer = directory.entity(.customer, id: customerID)
        else {
            fail(kind, id, operation, on: operatedOn, [otherID], "No \(otherKind.rawValue) with id '\(otherID)'.")
            return
        }
        if !customer.organizationIDs.contains(organizationID) {
            customer.organizationIDs.append(organizationID)
            directory.insert(customer, as: .customer)
        }
    }

    // MARK: New records

    /// A new customer with the next bulk account id, made by `POST /customer`'s
    /// ``CSMDirectory/createCustomer(email:displayName:id:)``; the number is used up only on success.
    /// - Throws: ``CSMDirectory/Error/invalid(_:)`` for an email that is not one or is taken, or a bad display name.
    mutating func newCustomer(email: String, displayName: String) throws(CSMDirectory.Error) -> String {
        let id = BulkWork.createdAccountPrefix + String(format: "%012d", nextAccountNumber)
        _ = try directory.createCustomer(email: email, displayName: displayName, id: id)
        nextAccountNumber += 1
        return id
    }
}

extension CSMDirectory.Error {
    /// The message for a failure entry.
    var message: String {
        switch self {
        case .notFound(let message), .invalid(let message): message
        }
    }
}

extension Array where Element == String {
    /// The list followed by the values of `more` it does not hold yet.
    fileprivate func appendingNew(_ more: [String]) -> [String] {
        more.reduce(into: self) { if !$0.contains($1) { $0.append($1) } }
    }
}
