import Foundation
import NIOHTTP1

extension SandboxState {
    /// The classic scopes of the `servicedeskapi` calls.
    enum ServiceDeskScope {
        static let read = "read:servicedesk-request"
        static let write = "write:servicedesk-request"
        static let manageCustomers = "manage:servicedesk-customer"
    }

    /// Requests under `/ex/jira/{cloudId}/rest/servicedeskapi/`: service desks, their request
    /// types, customers and organizations, and customer requests.
    ///
    /// Checks run in the gateway's order: the site (404), the credentials (401), the route (404),
    /// the token's scope (401 "scope does not match"), then the caller's role (403: only agents
    /// manage a desk's customers and see every request; a customer sees the desks they are a
    /// customer of and their own requests) and the request itself (400/404).
    mutating func serviceDeskAPI(_ request: SandboxRequest, cloudID: String, path: [String]) -> SandboxResponse {
        stats.apiRequests += 1
        guard request.rawQuery.isEmpty || request.queryItems != nil else {
            return .gatewayError(.badRequest, "Malformed query")
        }
        if let fault = consumeAPIFault() { return fault }
        guard let site = sites.first(where: { $0.cloudID == cloudID }) else {
            return .gatewayError(.notFound, "No site with cloudId \(cloudID)")
        }
        let caller: APICaller
        switch authenticate(request, allowBasic: true) {
        case .success(let value): caller = value
        case .failure(let failure): return failure.response
        }
        guard caller.mayUse(cloudID: cloudID) else { return .gatewayError(.unauthorized, "Unauthorized") }
        let call = APICall(request: request, cloudID: cloudID, path: path, caller: caller)
        if serviceDesks[cloudID] == nil { serviceDesks[cloudID] = .seeded(users: users) }
        let base = site.url + "/rest/servicedeskapi/" + path.joined(separator: "/")
        switch (request.method, path.count, path.first) {
        case (.GET, 1, "servicedesk"):
            return listDesks(call, base: base)
        case (.GET, 3, "servicedesk") where path[2] == "requesttype":
            return listRequestTypes(call, deskID: path[1], base: base)
        case (.POST, 3, "servicedesk") where path[2] == "customer",
            (.DELETE, 3, "servicedesk") where path[2] == "customer":
            return changeCustomers(call, deskID: path[1], adding: request.method == .POST)
        case (.POST, 3, "servicedesk") where path[2] == "organization",
            (.DELETE, 3, "servicedesk") where path[2] == "organization":
            return changeOrganizations(call, deskID: path[1], adding: request.method == .POST)
        case (.POST, 1, "request"):
            return createCustomerRequest(call, site: site)
        case (.GET, 1, "request"):
            return listCustomerRequests(call, site: site, base: base)
        case (.GET, 2, "request"):
            return customerRequest(call, idOrKey: path[1], site: site)
        default:
            return .apiError(.notFound, "No such endpoint.")
        }
    }

    // MARK: Service desks and request types

    private func listDesks(_ call: APICall, base: String) -> SandboxResponse {
        if let refusal = check(call.caller, scope: ServiceDeskScope.read) { return refusal }
        let desks = (serviceDesks[call.cloudID]?.desks ?? []).filter { mayView($0, call.caller) }
        return jsmPage(
            desks.map { desk in
                [
                    "id": .string(desk.id), "projectId": .string(desk.projectID),
                    "projectKey": .string(desk.projectKey), "projectName": .string(desk.projectName),
                ]
            }, call, base: base)
    }

    private func listRequestTypes(_ call: APICall, deskID: String, base: String) -> SandboxResponse {
        if let refusal = check(call.caller, scope: ServiceDeskScope.read) { return refusal }
        guard let desk = desk(deskID, call), mayView(desk, call.caller) else {
            return .apiError(.notFound, "The service desk \(deskID) does not exist.")
        }
        let types = (serviceDesks[call.cloudID]?.requestTypes ?? []).filter { $0.serviceDeskID == desk.id }
        return jsmPage(
            types.map { type in
                [
                    "id": .string(type.id), "serviceDeskId": .string(type.serviceDeskID), "name": .string(type.name),
                    "description": .string(type.description),
                ]
            }, call, base: base)
    }

    // MARK: Customers and organizations of a desk

    /// `{"accountIds":[…]}` → 204; agents only, every account must exist.
    private mutating func changeCustomers(_ call: APICall, deskID: String, adding: Bool) -> SandboxResponse {
        if let refusal = check(call.caller, scope: ServiceDeskScope.manageCustomers) { return refusal }
        if let refusal = requireAgent(call, toDo: "manage the customers of this service desk") { return refusal }
        guard let desk = desk(deskID, call) else {
            return .apiError(.notFound, "The service desk \(deskID) does not exist.")
        }
        guard let ids = JSONValue.parse(call.request.body)?["accountIds"]?.arrayValue,
            let accountIDs = Optional(ids.compactMap(\.stringValue)), accountIDs.count == ids.count, !ids.isEmpty
        else {
            return .apiError(.badRequest, "The body must be {\"accountIds\":[…]} with at least one account id.")
        }
        for id in accountIDs where !isKnownAccount(id, cloudID: call.cloudID) {
            return .apiError(.badRequest, "The account \(id) does not exist.")
        }
        changeDesk(desk.id, call.cloudID) { desk in
            if adding {
                desk.customerAccountIDs += accountIDs.filter { !desk.customerAccountIDs.contains($0) }
            } else {
                desk.customerAccountIDs.removeAll { accountIDs.contains($0) }
            }
        }
        return .empty(status: .noContent)
    }

    /// `{"organizationId":N}` → 204; agents only, the organization must exist.
    private mutating func changeOrganizations(_ call: APICall, deskID: String, adding: Bool) -> SandboxResponse {
        if let refusal = check(call.caller, scope: ServiceDeskScope.manageCustomers) { return refusal }
        if let refusal = requireAgent(call, toDo: "manage the organizations of this service desk") {
            return refusal
        }
        guard let desk = desk(deskID, call) else {
            return .apiError(.notFound, "The service desk \(deskID) does not exist.")
        }
        guard let number = JSONValue.parse(call.request.body)?["organizationId"]?.numberValue,
            let organizationID = Int(exactly: number), organizationID > 0
        else {
            return .apiError(.badRequest, "The body must be {\"organizationId\":N}.")
        }
        guard directories[call.cloudID]?.entity(.organization, id: String(organizationID)) != nil else {
            return .apiError(.notFound, "The organization \(organizationID) does not exist.")
        }
        changeDesk(desk.id, call.cloudID) { desk in
            desk.organizationIDs.removeAll { $0 == organizationID }
            if adding { desk.organizationIDs.append(organizationID) }
        }
        return .empty(status: .noContent)
    }

    // MARK: Customer requests

    /// `{"serviceDeskId","requestTypeId","requestFieldValues":{"summary","description"?},
    /// "raiseOnBehalfOf"?}` → 201 with the request; only agents raise for someone else, and a
    /// customer raises only on a desk they are a customer of.
    private mutating func createCustomerRequest(_ call: APICall, site: SandboxSite) -> SandboxResponse {
        if let refusal = check(call.caller, scope: ServiceDeskScope.write) { return refusal }
        guard let json = JSONValue.parse(call.request.body), case .object = json,
            let deskID = json["serviceDeskId"]?.stringValue, let typeID = json["requestTypeId"]?.stringValue
        else {
            return .apiError(.badRequest, "serviceDeskId and requestTypeId are required.")
        }
        guard let summary = json["requestFieldValues"]?["summary"]?.stringValue,
            !summary.trimmingCharacters(in: .whitespaces).isEmpty
        else {
            return .apiError(.badRequest, "requestFieldValues.summary is required.")
        }
        guard let desk = desk(deskID, call), mayView(desk, call.caller) else {
            return .apiError(.notFound, "The service desk \(deskID) does not exist.")
        }
        guard
            serviceDesks[call.cloudID]?.requestTypes.contains(where: { $0.id == typeID && $0.serviceDeskID == deskID })
                == true
        else {
            return .apiError(.notFound, "The request type \(typeID) does not exist in service desk \(deskID).")
        }
        var reporter = call.caller.user.accountID
        if let onBehalf = json["raiseOnBehalfOf"] {
            if let refusal = requireAgent(call, toDo: "raise a request on behalf of someone else") { return refusal }
            guard let id = onBehalf.stringValue, isKnownAccount(id, cloudID: call.cloudID) else {
                return .apiError(.badRequest, "raiseOnBehalfOf must be the account id of a customer.")
            }
            reporter = id
        }
        let description = json["requestFieldValues"]?["description"]?.stringValue ?? ""
        guard var board = serviceDesks[call.cloudID] else { return .apiError(.notFound, "No such endpoint.") }
        let raised = board.raise(
            deskID: deskID, requestTypeID: typeID, summary: summary, description: description, reporter: reporter)
        serviceDesks[call.cloudID] = board
        return .json(requestJSON(raised, site: site), status: .created)
    }

    private func listCustomerRequests(_ call: APICall, site: SandboxSite, base: String) -> SandboxResponse {
        if let refusal = check(call.caller, scope: ServiceDeskScope.read) { return refusal }
        var requests = (serviceDesks[call.cloudID]?.requests ?? []).filter { mayView($0, call.caller) }
        if let deskID = call.query("serviceDeskId") {
            guard let desk = desk(deskID, call), mayView(desk, call.caller) else {
                return .apiError(.notFound, "The service desk \(deskID) does not exist.")
            }
            requests = requests.filter { $0.serviceDeskID == desk.id }
        }
        return jsmPage(requests.map { requestJSON($0, site: site) }, call, base: base)
    }

    private func customerRequest(_ call: APICall, idOrKey: String, site: SandboxSite) -> SandboxResponse {
        if let refusal = check(call.caller, scope: ServiceDeskScope.read) { return refusal }
        guard
            let found = serviceDesks[call.cloudID]?.requests.first(where: {
                $0.issueID == idOrKey || $0.issueKey == idOrKey.uppercased()
            })
        else {
            return .apiError(.notFound, "The request \(idOrKey) does not exist.")
        }
        guard mayView(found, call.caller) else {
            return .apiError(.forbidden, "You do not have permission to view the request \(idOrKey).")
        }
        return .json(requestJSON(found, site: site))
    }

    // MARK: Support

    private func desk(_ id: String, _ call: APICall) -> ServiceDeskBoard.Desk? {
        serviceDesks[call.cloudID]?.desks.first { $0.id == id }
    }

    /// Agents see every desk; a customer the desks they are a customer of.
    private func mayView(_ desk: ServiceDeskBoard.Desk, _ caller: APICaller) -> Bool {
        caller.user.role.isAgent || desk.customerAccountIDs.contains(caller.user.accountID)
    }

    /// Agents see every request; a customer the ones they reported.
    private func mayView(_ request: ServiceDeskBoard.CustomerRequest, _ caller: APICaller) -> Bool {
        caller.user.role.isAgent || request.reporterAccountID == caller.user.accountID
    }

    private func isKnownAccount(_ id: String, cloudID: String) -> Bool {
        users.contains { $0.accountID == id } || directories[cloudID]?.entity(.customer, id: id) != nil
    }

    private mutating func changeDesk(_ id: String, _ cloudID: String, _ change: (inout ServiceDeskBoard.Desk) -> Void) {
        guard let index = serviceDesks[cloudID]?.desks.firstIndex(where: { $0.id == id }) else { return }
        change(&serviceDesks[cloudID]!.desks[index])
    }

    private func requestJSON(_ request: ServiceDeskBoard.CustomerRequest, site: SandboxSite) -> JSONValue {
        let reporter = users.first { $0.accountID == request.reporterAccountID }
        return [
            "issueId": .string(request.issueID), "issueKey": .string(request.issueKey),
            "serviceDeskId": .string(request.serviceDeskID), "requestTypeId": .string(request.requestTypeID),
            "reporter": [
                "accountId": .string(request.reporterAccountID),
                "displayName": .string(reporter?.displayName ?? request.reporterAccountID),
            ],
            "requestFieldValues": [
                ["fieldId": "summary", "label": "Summary", "value": .string(request.summary)],
                ["fieldId": "description", "label": "Description", "value": .string(request.description)],
            ],
            "currentStatus": ["status": "Waiting for support"],
            "_links": ["web": .string(site.url + "/servicedesk/customer/portal/1/" + request.issueKey)],
        ]
    }

    /// One JSM page of `items`: `start` and `limit` from the query (limit at most 50 and the
    /// sandbox's page size), `{size,start,limit,isLastPage,values,_links}` with `_links.next` on
    /// the site's URL, as Atlassian answers.
    private func jsmPage(_ items: [JSONValue], _ call: APICall, base: String) -> SandboxResponse {
        let start = call.query("start").map { Int($0) ?? -1 } ?? 0
        let requested = call.query("limit").map { Int($0) ?? 0 } ?? 50
        guard start >= 0, start <= Int(Int32.max), requested >= 1, requested <= Int(Int32.max) else {
            return .apiError(.badRequest, "start must be at least 0 and limit at least 1.")
        }
        let limit = min(requested, 50, apiSettings.pageSize)
        let end = min(items.count, start + limit)
        let values = start < end ? Array(items[start..<end]) : []
        let isLastPage = end >= items.count
        // `base` is the site, as Atlassian's are; `next` the whole URL of the next page.
        let site = base.range(of: "/rest/").map { String(base[..<$0.lowerBound]) } ?? base
        var links: [String: JSONValue] = ["base": .string(site), "context": ""]
        let others = (call.request.queryItems ?? []).filter { $0.name != "start" && $0.name != "limit" }
        let query = others.map { "\($0.name)=\(FormEncoding.encodeComponent($0.value))" }.joined(separator: "&")
        if !isLastPage {
            links["next"] = .string(base + "?" + (query.isEmpty ? "" : query + "&") + "start=\(end)&limit=\(limit)")
        }
        return .json([
            "size": .number(Double(values.count)), "start": .number(Double(start)), "limit": .number(Double(limit)),
            "isLastPage": .bool(isLastPage), "values": .array(values), "_links": .object(links),
        ])
    }
}
