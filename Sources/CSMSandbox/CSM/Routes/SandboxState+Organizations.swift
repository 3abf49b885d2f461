import NIOHTTP1

extension SandboxState {
    /// Creating, renaming, deleting and fetching organizations, and organization profiles:
    /// `organization`, `organization/{id}`, `organization/fetch`, `organization/profile`,
    /// `organization/profile/{id}`, `organization/profile/fetch`. All experimental (412 without
    /// the opt-in header).
    mutating func organizationRoute(_ call: APICall) -> SandboxResponse? {
        guard call.path.first == "organization" else { return nil }
        let rest = Array(call.path.dropFirst())
        switch (call.request.method, rest.count) {
        case (.POST, 0):
            return createOrganization(call)
        case (.POST, 1) where rest[0] == "fetch":
            return fetchOrganizations(call)
        case (.POST, 1) where rest[0] == "profile":
            return createOrganizationProfile(call)
        case (.POST, 2) where rest == ["profile", "fetch"]:
            return fetchProfiles(call, kind: .organization)
        case (.GET, 2) where rest[0] == "profile":
            return readProfile(call, kind: .organization, id: rest[1])
        case (.PUT, 1):
            return renameOrganization(call, id: rest[0])
        case (.DELETE, 1):
            return deleteOrganization(call, id: rest[0])
        default:
            return nil
        }
    }

    /// Atlassian's limit of organizations per `organization/fetch` (ids and names together).
    static let maximumOrganizationFetch = 50

    // MARK: Organizations

    private mutating func createOrganization(_ call: APICall) -> SandboxResponse {
        if let refusal = check(call.caller, scope: "write:organization:jira-service-management") ?? requireOptIn(call)
            ?? requireAgent(call, toDo: "create organizations")
        {
            return refusal
        }
        guard let json = JSONValue.parse(call.request.body), let name = json["name"]?.stringValue else {
            return .apiError(.badRequest, "The body must be a JSON object with a name.")
        }
        return changingDirectory(call.cloudID) { directory throws(CSMDirectory.Error) in
            let organization = try directory.createOrganization(name: name)
            return .json(directory.json(for: organization, as: .organization), status: .created)
        }
    }

    private mutating func renameOrganization(_ call: APICall, id: String) -> SandboxResponse {
        if let refusal = check(call.caller, scope: "write:organization:jira-service-management") ?? requireOptIn(call)
            ?? requireAgent(call, toDo: "rename organizations")
        {
            return refusal
        }
        guard let json = JSONValue.parse(call.request.body), let name = json["name"]?.stringValue else {
            return .apiError(.badRequest, "The body must be a JSON object with a name.")
        }
        return changingDirectory(call.cloudID) { directory throws(CSMDirectory.Error) in
            .json(directory.json(for: try directory.renameOrganization(id: id, name: name), as: .organization))
        }
    }

    private mutating func deleteOrganization(_ call: APICall, id: String) -> SandboxResponse {
        if let refusal = check(call.caller, scope: "write:organization:jira-service-management") ?? requireOptIn(call)
            ?? requireJiraAdministrator(call, toDo: "delete organizations")
        {
            return refusal
        }
        return changingDirectory(call.cloudID) { directory throws(CSMDirectory.Error) in
            try directory.deleteOrganization(id: id)
            return .empty(status: .noContent)
        }
    }

    private func fetchOrganizations(_ call: APICall) -> SandboxResponse {
        if let refusal = check(call.caller, scope: "read:organization:jira-service-management") ?? requireOptIn(call)
            ?? requireAgent(call, toDo: "view organizations")
        {
            return refusal
        }
        let limit = Self.maximumOrganizationFetch
        let usage = "The body must be {\"organizationIds\":[…]} and/or {\"names\":[…]}, 1 to \(limit) in all."
        guard let json = JSONValue.parse(call.request.body), case .object = json else {
            return .apiError(.badRequest, usage)
        }
        let ids = json["organizationIds"].map(\.stringArrayValue) ?? []
        let names = json["names"].map(\.stringArrayValue) ?? []
        guard let ids, let names, !(ids.isEmpty && names.isEmpty), ids.count + names.count <= limit else {
            return .apiError(.badRequest, usage)
        }
        guard let directory = directories[call.cloudID] else { return .apiError(.notFound, "No such site.") }
        let found = directory.organizations(ids: ids, names: names).map { directory.json(for: $0, as: .organization) }
        return .json(["results": .array(found)])
    }

    // MARK: Profiles

    private mutating func createOrganizationProfile(_ call: APICall) -> SandboxResponse {
        if let refusal = check(call.caller, scope: "write:organization.profile:jira-service-management")
            ?? requireOptIn(call)
            ?? requireAgent(call, toDo: "create organization profiles")
        {
            return refusal
        }
        guard let json = JSONValue.parse(call.request.body), let name = json["name"]?.stringValue else {
            return .apiError(.badRequest, "The body must be a JSON object with a name.")
        }
        guard let details = Self.detailInputs(json["details"]) else {
            return .apiError(.badRequest, "details must be an array of {\"name\",\"values\":[strings]} objects.")
        }
        let association = json["associateCustomers"]
        guard let customerIDs = association == nil ? [] : association?["customerIds"]?.stringArrayValue else {
            return .apiError(.badRequest, "associateCustomers must be {\"customerIds\":[strings]}.")
        }
        return changingDirectory(call.cloudID) { directory throws(CSMDirectory.Error) in
            let organization = try directory.createOrganization(name: name)
            for customerID in customerIDs {
                guard var customer = directory.entity(.customer, id: customerID) else {
                    throw .invalid("No customer with id '\(customerID)'.")
                }
                if !customer.organizationIDs.contains(organization.id) {
                    customer.organizationIDs.append(organization.id)
                    directory.insert(customer, as: .customer)
                }
            }
            try directory.setDetails(details, of: .organization, id: organization.id)
            guard let created = directory.entity(.organization, id: organization.id) else {
                throw .notFound("The organization vanished.")
            }
            return .json(directory.profileJSON(for: created, as: .organization), status: .created)
        }
    }
}
