import NIOHTTP1

extension SandboxState {
    /// Atlassian's limit of profiles per `customer/profile/fetch`, assumed the same for
    /// `organization/profile/fetch`.
    static let maximumProfileFetch = 25

    /// `GET {kind}/profile/{id}` for a customer or organization: experimental, for service desk agents.
    func readProfile(_ call: APICall, kind: CSMDirectory.Kind, id: String) -> SandboxResponse {
        if let refusal = check(call.caller, scope: "read:\(kind.rawValue).profile:jira-service-management")
            ?? requireOptIn(call)
            ?? requireAgent(call, toDo: "view \(kind.rawValue) profiles")
        {
            return refusal
        }
        guard let directory = directories[call.cloudID], let entity = directory.entity(kind, id: id) else {
            return .apiError(.notFound, "No \(kind.rawValue) with id '\(id)'.")
        }
        return .json(directory.profileJSON(for: entity, as: kind))
    }

    /// `POST {kind}/profile/fetch` with `{"customerIds"|"organizationIds":[…]}` (1 to
    /// ``maximumProfileFetch`` ids): the profiles of the ids found, each once, in the order asked.
    func fetchProfiles(_ call: APICall, kind: CSMDirectory.Kind) -> SandboxResponse {
        if let refusal = check(call.caller, scope: "read:\(kind.rawValue).profile:jira-service-management")
            ?? requireOptIn(call)
            ?? requireAgent(call, toDo: "view \(kind.rawValue) profiles")
        {
            return refusal
        }
        let (key, limit) = ("\(kind.rawValue)Ids", Self.maximumProfileFetch)
        guard let json = JSONValue.parse(call.request.body), let ids = json[key]?.stringArrayValue, !ids.isEmpty,
            ids.count <= limit
        else {
            return .apiError(.badRequest, "The body must be {\"\(key)\":[…]} with 1 to \(limit) ids.")
        }
        guard let directory = directories[call.cloudID] else { return .apiError(.notFound, "No such site.") }
        var seen: Set<String> = []
        let profiles = ids.filter { seen.insert($0).inserted }.compactMap { directory.entity(kind, id: $0) }
            .map { directory.profileJSON(for: $0, as: kind) }
        return .json(["results": .array(profiles)])
    }
}
