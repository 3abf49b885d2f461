import NIOHTTP1

extension SandboxState {
    /// Entitlements: `GET|DELETE entitlement/{id}`, the experimental
    /// `GET entitlements?entityType=&entityId=`, and `GET|POST {customer|organization}/{id}/entitlement`.
    /// Every call needs a service desk agent. (The field definitions, `entitlement/details`, and
    /// the values, `PUT entitlement/{id}/details?fieldName=`, are ``recordRoute(_:)``'s.)
    mutating func entitlementRoute(_ call: APICall) -> SandboxResponse? {
        let path = call.path
        switch (call.request.method, path.count) {
        case (.GET, 1) where path[0] == "entitlements":
            return listEntitlements(call)
        case (.GET, 2) where path[0] == "entitlement" && path[1] != "details":
            if let refusal = check(call.caller, scope: Self.readEntitlementScope)
                ?? requireAgent(call, toDo: "view entitlements")
            {
                return refusal
            }
            guard let directory = directories[call.cloudID], let entitlement = directory.entitlement(id: path[1]) else {
                return .apiError(.notFound, "No entitlement with id '\(path[1])'.")
            }
            return .json(directory.json(for: entitlement))
        case (.DELETE, 2) where path[0] == "entitlement" && path[1] != "details":
            if let refusal = check(call.caller, scope: Self.writeEntitlementScope)
                ?? requireAgent(call, toDo: "delete entitlements")
            {
                return refusal
            }
            return changingDirectory(call.cloudID) { directory throws(CSMDirectory.Error) in
                try directory.deleteEntitlement(id: path[1])
                return .empty(status: .noContent)
            }
        case (.GET, 3) where path[2] == "entitlement":
            guard let kind = Self.holderKind(path[0]) else { return nil }
            return holderEntitlements(call, kind: kind, ownerID: path[1])
        case (.POST, 3) where path[2] == "entitlement":
            guard let kind = Self.holderKind(path[0]) else { return nil }
            return createEntitlement(call, kind: kind, ownerID: path[1])
        default:
            return nil
        }
    }

    static let readEntitlementScope = "read:entitlement:jira-service-management"
    static let writeEntitlementScope = "write:entitlement:jira-service-management"

    /// `customer` or `organization`, the kinds that hold entitlements.
    private static func holderKind(_ segment: String) -> CSMDirectory.Kind? {
        switch segment {
        case "customer": .customer
        case "organization": .organization
        default: nil
        }
    }

    /// `GET entitlements`: experimental, paged by `start`/`limit` (default and maximum 25).
    private func listEntitlements(_ call: APICall) -> SandboxResponse {
        if let refusal = check(call.caller, scope: Self.readEntitlementScope) ?? requireOptIn(call)
            ?? requireAgent(call, toDo: "view entitlements")
        {
            return refusal
        }
        guard let type = call.query("entityType") else {
            return .apiError(.badRequest, "The entityType query parameter is required (CUSTOMER or ORGANIZATION).")
        }
        guard let kind = Self.holderKind(type.lowercased()), type == type.uppercased() else {
            return .apiError(.badRequest, "entityType must be CUSTOMER or ORGANIZATION.")
        }
        guard let ownerID = call.query("entityId"), !ownerID.isEmpty else {
            return .apiError(.badRequest, "The entityId query parameter is required.")
        }
        guard let directory = directories[call.cloudID], directory.entity(kind, id: ownerID) != nil else {
            return .apiError(.notFound, "No \(kind.rawValue) with id '\(ownerID)'.")
        }
        let list = directory.entitlements(
            of: kind, ownerID: ownerID, productID: call.query("productId"), inherited: false)
        return paged(count: list.count, call, style: .offset("start"), defaultLimit: 25, maximumLimit: 25) {
            list[$0].map(directory.json(for:))
        }
    }

    /// `GET {kind}/{id}/entitlement?product=`: a customer's include its organizations'.
    private func holderEntitlements(_ call: APICall, kind: CSMDirectory.Kind, ownerID: String) -> SandboxResponse {
        if let refusal = check(call.caller, scope: Self.readEntitlementScope)
            ?? requireAgent(call, toDo: "view entitlements")
        {
            return refusal
        }
        guard let directory = directories[call.cloudID], directory.entity(kind, id: ownerID) != nil else {
            return .apiError(.notFound, "No \(kind.rawValue) with id '\(ownerID)'.")
        }
        let list = directory.entitlements(of: kind, ownerID: ownerID, productID: call.query("product"), inherited: true)
        return paged(count: list.count, call, style: .offset("start")) { list[$0].map(directory.json(for:)) }
    }

    /// `POST {kind}/{id}/entitlement` with `{"productId","details":[{"name","values"}]?}`.
    private mutating func createEntitlement(_ call: APICall, kind: CSMDirectory.Kind, ownerID: String)
        -> SandboxResponse
    {
        if let refusal = check(call.caller, scope: Self.writeEntitlementScope)
            ?? requireAgent(call, toDo: "create entitlements")
        {
            return refusal
        }
        guard let json = JSONValue.parse(call.request.body), let productID = json["productId"]?.stringValue,
            !productID.isEmpty
        else {
            return .apiError(.badRequest, "The body must be a JSON object with a productId.")
        }
        guard let details = Self.detailInputs(json["details"]) else {
            return .apiError(
                .badRequest, "details must be an array of objects, each with a name and a values array of strings.")
        }
        return changingDirectory(call.cloudID) { directory throws(CSMDirectory.Error) in
            let entitlement = try directory.createEntitlement(
                productID: productID, for: kind, ownerID: ownerID, details: details.map { ($0.name, $0.values) })
            return .json(directory.json(for: entitlement))
        }
    }
}
