import NIOHTTP1

extension SandboxState {
    /// Customer accounts, search by detail field, the help centres a customer can use, and customer
    /// profiles: `customer`, `customer/account/{id}`, `customer/search-by-detail-field`,
    /// `customer/{id}/customer-experiences`, `customer/profile`, `customer/profile/{id}`,
    /// `customer/profile/fetch`.
    ///
    /// Account, profile and customer-experience operations are experimental (412 without the
    /// opt-in header); search by detail field is not.
    mutating func customerRoute(_ call: APICall) -> SandboxResponse? {
        guard call.path.first == "customer" else { return nil }
        let rest = Array(call.path.dropFirst())
        switch (call.request.method, rest.count) {
        case (.POST, 0):
            return createAccount(call)
        case (.GET, 2) where rest[0] == "account":
            return readAccount(call, id: rest[1])
        case (.PUT, 2) where rest[0] == "account":
            return updateAccount(call, id: rest[1])
        case (.DELETE, 2) where rest[0] == "account":
            return deleteAccount(call, id: rest[1])
        case (.POST, 1) where rest[0] == "search-by-detail-field":
            return searchByDetail(call)
        case (.POST, 1) where rest[0] == "profile":
            return createCustomerProfile(call)
        case (.POST, 2) where rest == ["profile", "fetch"]:
            return fetchProfiles(call, kind: .customer)
        case (.GET, 2) where rest[0] == "profile":
            return readProfile(call, kind: .customer, id: rest[1])
        case (.GET, 2) where rest[1] == "customer-experiences":
            return customerExperiences(call, id: rest[0])
        default:
            return nil
        }
    }

    // MARK: Accounts

    private mutating func createAccount(_ call: APICall) -> SandboxResponse {
        if let refusal = check(call.caller, scope: "write:customer:jira-service-management") ?? requireOptIn(call)
            ?? requireJiraAdministrator(call, toDo: "create customer accounts")
        {
            return refusal
        }
        guard let json = JSONValue.parse(call.request.body), let email = json["email"]?.stringValue,
            let displayName = json["displayName"]?.stringValue
        else {
            return .apiError(.badRequest, "The body must be a JSON object with an email and a displayName.")
        }
        return changingDirectory(call.cloudID) { directory throws(CSMDirectory.Error) in
            let entity = try directory.createCustomer(email: email, displayName: displayName)
            return .json(directory.accountJSON(for: entity), status: .created)
        }
    }

    private func readAccount(_ call: APICall, id: String) -> SandboxResponse {
        if let refusal = check(call.caller, scope: "read:customer:jira-service-management") ?? requireOptIn(call)
            ?? requireJiraAdministrator(call, toDo: "view customer accounts")
        {
            return refusal
        }
        guard let directory = directories[call.cloudID], let entity = directory.entity(.customer, id: id) else {
            return .apiError(.notFound, "No customer with id '\(id)'.")
        }
        return .json(directory.accountJSON(for: entity))
    }

    private mutating func updateAccount(_ call: APICall, id: String) -> SandboxResponse {
        if let refusal = check(call.caller, scope: "write:customer:jira-service-management") ?? requireOptIn(call)
            ?? requireJiraAdministrator(call, toDo: "change customer accounts")
        {
            return refusal
        }
        guard let json = JSONValue.parse(call.request.body), let displayName = json["displayName"]?.stringValue else {
            return .apiError(.badRequest, "The body must be a JSON object with a displayName.")
        }
        return changingDirectory(call.cloudID) { directory throws(CSMDirectory.Error) in
            .json(directory.accountJSON(for: try directory.renameCustomer(id: id, displayName: displayName)))
        }
    }

    private mutating func deleteAccount(_ call: APICall, id: String) -> SandboxResponse {
        if let refusal = check(call.caller, scope: "write:customer:jira-service-management") ?? requireOptIn(call)
            ?? requireJiraAdministrator(call, toDo: "delete customer accounts")
        {
            return refusal
        }
        return changingDirectory(call.cloudID) { directory throws(CSMDirectory.Error) in
            try directory.deleteCustomer(id: id)
            return .empty(status: .noContent)
        }
    }

    // MARK: Search and help centres

    private func searchByDetail(_ call: APICall) -> SandboxResponse {
        if let refusal = check(call.caller, scope: "read:customer:jira-service-management")
            ?? requireAgent(call, toDo: "search customers")
        {
            return refusal
        }
        let usage =
            "The body must be a JSON object with a non-empty detailFields array of {\"name\",\"value\"} strings."
        guard let json = JSONValue.parse(call.request.body), let list = json["detailFields"]?.arrayValue, !list.isEmpty
        else {
            return .apiError(.badRequest, usage)
        }
        var pairs: [(name: String, value: String)] = []
        for item in list {
            guard let name = item["name"]?.stringValue, let value = item["value"]?.stringValue else {
                return .apiError(.badRequest, usage)
            }
            pairs.append((name, value))
        }
        guard let directory = directories[call.cloudID] else { return .apiError(.notFound, "No such site.") }
        let found: [CSMEntity]
        do throws(CSMDirectory.Error) {
            found = try directory.customers(matching: pairs)
        } catch {
            return Self.answer(error)
        }
        // Emails are shown to Jira administrators only (the Administer Jira global permission), as
        // Atlassian documents: not to a service desk administrator.
        let showsEmail = call.caller.user.role.administersJira
        return paged(count: found.count, call, style: .page) { range in
            found[range].map { customer in
                var shown = customer
                if !showsEmail { shown.email = nil }
                return directory.json(for: shown, as: .customer)
            }
        }
    }

    private func customerExperiences(_ call: APICall, id: String) -> SandboxResponse {
        if let refusal = check(call.caller, scope: "read:customer:jira-service-management") ?? requireOptIn(call)
            ?? requireAgent(call, toDo: "view a customer's help centres")
        {
            return refusal
        }
        guard let directory = directories[call.cloudID], let customer = directory.entity(.customer, id: id) else {
            return .apiError(.notFound, "No customer with id '\(id)'.")
        }
        let centers = directory.helpCenters(accessibleBy: customer).map { center -> JSONValue in
            ["id": .string(center.id), "name": .string(center.name)]
        }
        return .json(["results": .array(centers)])
    }

    // MARK: Profiles

    private mutating func createCustomerProfile(_ call: APICall) -> SandboxResponse {
        // It creates an account too, which needs Administer Jira as `POST customer` does.
        if let refusal = check(call.caller, scope: "write:customer.profile:jira-service-management") ?? requireOptIn(
            call)
            ?? requireJiraAdministrator(call, toDo: "create customer profiles")
        {
            return refusal
        }
        guard let json = JSONValue.parse(call.request.body), let email = json["email"]?.stringValue,
            let displayName = json["displayName"]?.stringValue
        else {
            return .apiError(.badRequest, "The body must be a JSON object with an email and a displayName.")
        }
        guard let details = Self.detailInputs(json["details"]) else {
            return .apiError(.badRequest, "details must be an array of {\"name\",\"values\":[strings]} objects.")
        }
        let association = json["associateOrganizations"]
        guard let organizationIDs = association == nil ? [] : association?["organizationIds"]?.stringArrayValue else {
            return .apiError(.badRequest, "associateOrganizations must be {\"organizationIds\":[strings]}.")
        }
        return changingDirectory(call.cloudID) { directory throws(CSMDirectory.Error) in
            var customer = try directory.createCustomer(email: email, displayName: displayName)
            for organizationID in organizationIDs where !customer.organizationIDs.contains(organizationID) {
                guard directory.entity(.organization, id: organizationID) != nil else {
                    throw .invalid("No organization with id '\(organizationID)'.")
                }
                customer.organizationIDs.append(organizationID)
            }
            directory.insert(customer, as: .customer)
            try directory.setDetails(details, of: .customer, id: customer.id)
            guard let created = directory.entity(.customer, id: customer.id) else {
                throw .notFound("The customer vanished.")
            }
            return .json(directory.profileJSON(for: created, as: .customer), status: .created)
        }
    }

    // MARK: Shared by the record routes

    /// A body's `details`: absent is none; nil when it is not an array of `{"name","values"}`.
    static func detailInputs(_ value: JSONValue?) -> [CSMDirectory.DetailInput]? {
        guard let value else { return [] }
        guard let array = value.arrayValue else { return nil }
        var inputs: [CSMDirectory.DetailInput] = []
        for item in array {
            guard let name = item["name"]?.stringValue, let values = item["values"]?.stringArrayValue else {
                return nil
            }
            inputs.append(CSMDirectory.DetailInput(name: name, values: values))
        }
        return inputs
    }
}
