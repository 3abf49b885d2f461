import Foundation
import NIOHTTP1

extension SandboxState {
    /// Requests under `/jsm/csm/cloudid/{cloudId}/api/v1/`.
    ///
    /// Checks run in the gateway's order: injected rate limits, the site, the credentials (401),
    /// the route (404), the token's scopes (401 "scope does not match", as Atlassian's gateway
    /// answers), then the user's role (403) and finally the request itself (400/404).
    mutating func csmAPI(_ request: SandboxRequest, cloudID: String, path: [String]) -> SandboxResponse {
        stats.apiRequests += 1
        // A query that does not decode would otherwise read as no query at all: `?limit=%FF`
        // answering the default page hides the caller's bug. Refused like a malformed path.
        guard request.rawQuery.isEmpty || request.queryItems != nil else {
            return .gatewayError(.badRequest, "Malformed query")
        }
        if let fault = consumeAPIFault() {
            return fault
        }
        guard directories[cloudID] != nil else {
            return .gatewayError(.notFound, "No site with cloudId \(cloudID)")
        }
        settleBulkTasks(cloudID: cloudID)
        let caller: APICaller
        switch authenticate(request, allowBasic: true) {
        case .success(let value): caller = value
        case .failure(let failure): return failure.response
        }
        // A token granted for other sites is not valid here: the gateway answers as for a bad token.
        guard caller.mayUse(cloudID: cloudID) else {
            return .gatewayError(.unauthorized, "Unauthorized")
        }
        let call = APICall(request: request, cloudID: cloudID, path: path, caller: caller)
        for route in Self.apiRoutes {
            if let response = route(&self, call) {
                return response
            }
        }
        return .apiError(.notFound, "No such endpoint.")
    }

    /// The detail-field definitions and the customer and organization records with their values:
    /// `{kind}/details`, `{kind}/details/{fieldName}`, `{kind}/{id}`, `{kind}/{id}/details?fieldName=`
    /// (for entitlements too: `PUT entitlement/{id}/details?fieldName=`).
    mutating func recordRoute(_ call: APICall) -> SandboxResponse? {
        let (request, cloudID, caller) = (call.request, call.cloudID, call.caller)
        guard let kind = call.path.first.flatMap(CSMDirectory.Kind.init(rawValue:)) else { return nil }
        let rest = Array(call.path.dropFirst())
        // Of entitlements, only the field definitions and the values call are shared;
        // entitlementRoute answers the records.
        let setsValues = request.method == .PUT && rest.count == 2 && rest[1] == "details"
        if kind == .entitlement, rest.first != "details", !setsValues { return nil }
        switch (request.method, rest.count, rest.first == "details") {
        case (.GET, 1, true):
            return listFields(kind, cloudID: cloudID, caller: caller)
        case (.POST, 1, true):
            return createField(kind, cloudID: cloudID, caller: caller, body: request.body)
        case (.PUT, 2, true):
            return updateField(kind, named: rest[1], cloudID: cloudID, caller: caller, body: request.body)
        case (.DELETE, 2, true):
            return deleteField(kind, named: rest[1], cloudID: cloudID, caller: caller)
        case (.GET, 1, false):
            return readEntity(kind, id: rest[0], cloudID: cloudID, caller: caller)
        case (.PUT, 2, false) where rest[1] == "details":
            return updateValues(kind, id: rest[0], cloudID: cloudID, caller: caller, request: request)
        default:
            return nil
        }
    }

    // MARK: Field definitions

    private func listFields(_ kind: CSMDirectory.Kind, cloudID: String, caller: APICaller) -> SandboxResponse {
        if let refusal = check(caller, scope: "read:\(kind.rawValue).detail-field:jira-service-management") {
            return refusal
        }
        // Atlassian: reading the definitions needs Administer Jira, like changing them.
        guard caller.user.role.administersJira else {
            return Self.needsAdministerJira("view \(kind.rawValue) detail fields")
        }
        let fields = directories[cloudID]?.fields(of: kind) ?? []
        return .json(["results": .array(fields.enumerated().map { $0.element.definitionJSON(index: $0.offset) })])
    }

    private mutating func createField(
        _ kind: CSMDirectory.Kind, cloudID: String, caller: APICaller, body: [UInt8]
    ) -> SandboxResponse {
        if let refusal = checkFieldManager(caller, kind: kind) { return refusal }
        guard let json = JSONValue.parse(body), let name = json["name"]?.stringValue else {
            return .apiError(.badRequest, "The body must be a JSON object with a name and a type.")
        }
        let type: FieldTypeInput
        switch FieldTypeInput.parse(json) {
        case .success(let value): type = value
        case .failure(let failure): return failure.response
        }
        guard let typeName = type.name else {
            return .apiError(.badRequest, "The type is required (one of \(DetailFieldType.allNames)).")
        }
        return changingDirectory(cloudID) { directory throws(CSMDirectory.Error) in
            let field = try directory.createField(kind, name: name, type: typeName, options: type.options ?? [])
            return .json(directory.definitionJSON(of: field, kind: kind), status: .created)
        }
    }

    private mutating func updateField(
        _ kind: CSMDirectory.Kind, named fieldName: String, cloudID: String, caller: APICaller, body: [UInt8]
    ) -> SandboxResponse {
        if let refusal = checkFieldManager(caller, kind: kind) { return refusal }
        guard let json = JSONValue.parse(body), case .object = json else {
            return .apiError(.badRequest, "The body must be a JSON object.")
        }
        if let name = json["name"], name.stringValue == nil {
            return .apiError(.badRequest, "The name must be a string.")
        }
        let type: FieldTypeInput
        switch FieldTypeInput.parse(json) {
        case .success(let value): type = value
        case .failure(let failure): return failure.response
        }
        return changingDirectory(cloudID) { directory throws(CSMDirectory.Error) in
            let field = try directory.updateField(
                kind, named: fieldName, newName: json["name"]?.stringValue, newType: type.name, newOptions: type.options
            )
            return .json(directory.definitionJSON(of: field, kind: kind))
        }
    }

    private mutating func deleteField(
        _ kind: CSMDirectory.Kind, named fieldName: String, cloudID: String, caller: APICaller
    ) -> SandboxResponse {
        if let refusal = checkFieldManager(
            caller, kind: kind, scope: "delete:\(kind.rawValue).detail-field:jira-service-management")
        {
            return refusal
        }
        return changingDirectory(cloudID) { directory throws(CSMDirectory.Error) in
            try directory.deleteField(kind, named: fieldName)
            return .empty(status: .noContent)
        }
    }

    // MARK: Customers and organizations

    private func readEntity(_ kind: CSMDirectory.Kind, id: String, cloudID: String, caller: APICaller)
        -> SandboxResponse
    {
        if let refusal = check(caller, scope: "read:\(kind.rawValue):jira-service-management") { return refusal }
        // Atlassian: reading a customer or organization needs an agent; a customer gets 403 even
        // for their own record, whether or not the id exists.
        guard caller.user.role.isAgent else {
            return .apiError(.forbidden, "You do not have permission to view this \(kind.rawValue).")
        }
        guard let directory = directories[cloudID], let entity = directory.entity(kind, id: id) else {
            return .apiError(.notFound, "No \(kind.rawValue) with id '\(id)'.")
        }
        return .json(directory.json(for: entity, as: kind))
    }

    /// `PUT {kind}/{id}/details?fieldName=` with `{"values":[…]}`: answers the record with its
    /// values, or for an entitlement the field with its values.
    private mutating func updateValues(
        _ kind: CSMDirectory.Kind, id: String, cloudID: String, caller: APICaller, request: SandboxRequest
    ) -> SandboxResponse {
        // Atlassian names only the detail scope for this call: the broader write:{kind} is not enough.
        if let refusal = check(caller, scope: "write:\(kind.rawValue).detail:jira-service-management") {
            return refusal
        }
        guard caller.user.role.isAgent else {
            let what = kind == .entitlement ? "entitlements" : "this \(kind.rawValue)"
            return .apiError(.forbidden, "You do not have permission to update \(what).")
        }
        guard let fieldName = request.queryItems?.first(where: { $0.name == "fieldName" })?.value, !fieldName.isEmpty
        else {
            return .apiError(.badRequest, "The fieldName query parameter is required.")
        }
        guard let given = JSONValue.parse(request.body)?["values"], given.arrayValue != nil else {
            return .apiError(.badRequest, "The body must be a JSON object with a values array.")
        }
        guard let values = given.stringArrayValue else {
            return .apiError(.badRequest, "Every value must be a string.")
        }
        return changingDirectory(cloudID) { directory throws(CSMDirectory.Error) in
            // An entitlement answers the field with its values, not the whole record.
            if kind == .entitlement {
                return .json(try directory.setEntitlementValues(id: id, fieldName: fieldName, values: values))
            }
            let entity = try directory.setValues(kind, entityID: id, fieldName: fieldName, values: values)
            return .json(directory.json(for: entity, as: kind))
        }
    }

    /// Runs `change` on a copy of the site's directory and keeps the copy only if it succeeds, so
    /// a request that fails halfway changes nothing; a directory error becomes its 400 or 404.
    mutating func changingDirectory(
        _ cloudID: String, _ change: (inout CSMDirectory) throws(CSMDirectory.Error) -> SandboxResponse
    ) -> SandboxResponse {
        guard var directory = directories[cloudID] else { return .apiError(.notFound, "No such site.") }
        do throws(CSMDirectory.Error) {
            let response = try change(&directory)
            directories[cloudID] = directory
            return response
        } catch {
            return Self.answer(error)
        }
    }

    // MARK: Checks

    func check(_ caller: APICaller, scope: String) -> SandboxResponse? {
        caller.has(scope: scope) ? nil : .gatewayError(.unauthorized, "Unauthorized; scope does not match")
    }

    func checkFieldManager(_ caller: APICaller, kind: CSMDirectory.Kind, scope: String? = nil) -> SandboxResponse? {
        if let refusal = check(caller, scope: scope ?? "write:\(kind.rawValue).detail-field:jira-service-management") {
            return refusal
        }
        guard caller.user.role.administersJira else {
            return Self.needsAdministerJira("manage \(kind.rawValue) detail fields")
        }
        return nil
    }

    /// The injected 429 or 503 for this request, if any: see ``SandboxFaults/RateLimitFault`` and
    /// ``SandboxFaults/CountedFault``.
    mutating func consumeAPIFault() -> SandboxResponse? {
        if let response = rateLimitRefusal() {
            stats.rateLimited += 1
            return response
        }
        if var fault = faults.serviceUnavailable, fault.count > 0 {
            fault.count -= 1
            faults.serviceUnavailable = fault.count > 0 ? fault : nil
            var response = SandboxResponse.gatewayError(.serviceUnavailable, "Service Unavailable")
            addRetryHeaders(to: &response, retryAfter: fault.retryAfter)
            return response
        }
        return nil
    }

    /// A 429 while the rate-limit fault's wait runs (which starts it over) or while its count
    /// lasts; nil once the fault is over, which removes it.
    private mutating func rateLimitRefusal() -> SandboxResponse? {
        guard var fault = faults.rateLimit else {
            rateLimitedUntil = nil
            return nil
        }
        let now = clock()
        let waiting = rateLimitedUntil.map { now < $0 } ?? false
        if !waiting {
            rateLimitedUntil = nil
            guard fault.count > 0 else {
                faults.rateLimit = nil
                return nil
            }
            fault.count -= 1
            faults.rateLimit = fault.bare && fault.count == 0 ? nil : fault
        }
        var response = SandboxResponse.gatewayError(.tooManyRequests, "Rate limit exceeded.")
        guard !fault.bare else { return response }
        // Early or not, the wait is the whole period again, counted from this request.
        rateLimitedUntil = now.addingTimeInterval(TimeInterval(fault.retryAfter))
        addRetryHeaders(to: &response, retryAfter: fault.retryAfter)
        response.headers.add(name: "X-RateLimit-Limit", value: "100")
        response.headers.add(name: "X-RateLimit-Remaining", value: "0")
        response.headers.add(name: "X-RateLimit-NearLimit", value: "true")
        response.headers.add(name: "RateLimit-Reason", value: fault.reason)
        return response
    }

    /// `X-RateLimit-NearLimit: true` and the budget's headers on an answer, when the fault says so
    /// and the answer does not carry rate-limit headers already.
    mutating func addNearLimitHeaders(to response: inout SandboxResponse) {
        guard faults.nearLimit, response.headers["X-RateLimit-NearLimit"].isEmpty else { return }
        response.headers.add(name: "X-RateLimit-Limit", value: "100")
        response.headers.add(name: "X-RateLimit-Remaining", value: "10")
        response.headers.add(name: "X-RateLimit-NearLimit", value: "true")
    }

    /// `Retry-After` in seconds and `X-RateLimit-Reset` in Atlassian's documented
    /// `yyyy-MM-ddTHH:mmZ`, the same moment rounded up to the minute (a client waiting for the
    /// reset must not come back early).
    private func addRetryHeaders(to response: inout SandboxResponse, retryAfter: Int) {
        response.headers.add(name: "Retry-After", value: String(retryAfter))
        let reset = clock().addingTimeInterval(TimeInterval(retryAfter)).timeIntervalSince1970
        let minute = Date(timeIntervalSince1970: (reset / 60).rounded(.up) * 60)
        response.headers.add(name: "X-RateLimit-Reset", value: Self.resetText(minute))
    }

    /// A time in Atlassian's `X-RateLimit-Reset` form: minutes, no seconds, UTC.
    static func resetText(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func digits(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(digits(parts.year, 4))-\(digits(parts.month, 2))-\(digits(parts.day, 2))T"
            + "\(digits(parts.hour, 2)):\(digits(parts.minute, 2))Z"
    }

    static func answer(_ error: CSMDirectory.Error) -> SandboxResponse {
        switch error {
        case .notFound(let message): .apiError(.notFound, message)
        case .invalid(let message): .apiError(.badRequest, message)
        }
    }
}
