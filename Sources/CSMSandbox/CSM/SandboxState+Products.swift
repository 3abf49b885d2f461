import NIOHTTP1

extension SandboxState {
    /// Products: `GET|POST product`, `GET|PUT|DELETE product/{productId}`. Every call needs a
    /// service desk agent; the list pages with a cursor.
    mutating func productRoute(_ call: APICall) -> SandboxResponse? {
        guard call.path.first == "product", call.path.count <= 2 else { return nil }
        let id = call.path.count == 2 ? call.path[1] : nil
        switch (call.request.method, id) {
        case (.GET, nil):
            if let refusal = check(call.caller, scope: Self.readProductScope) ?? requireAgent(call, toDo: "view products") {
                return refusal
            }
            let products = directories[call.cloudID]?.catalog.products ?? []
            return paged(count: products.count, call, style: .cursor) { products[$0].map(\.json) }
        case (.POST, nil):
            if let refusal = check(call.caller, scope: Self.writeProductScope) ?? requireAgent(call, toDo: "create products") {
                return refusal
            }
            guard let name = JSONValue.parse(call.request.body)?["name"]?.stringValue else {
                return .apiError(.badRequest, "The body must be a JSON object with a name.")
            }
            return changeDirectory(call) { directory throws(CSMDirectory.Error) in try directory.createProduct(name: name).json }
        case (.GET, let id?):
            if let refusal = check(call.caller, scope: Self.readProductScope) ?? requireAgent(call, toDo: "view products") {
                return refusal
            }
            guard let product = directories[call.cloudID]?.product(id: id) else {
                return .apiError(.notFound, "No product with id '\(id)'.")
            }
            return .json(product.json)
        case (.PUT, let id?):
            if let refusal = check(call.caller, scope: Self.writeProductScope) ?? requireAgent(call, toDo: "rename products") {
                return refusal
            }
            guard let name = JSONValue.parse(call.request.body)?["name"]?.stringValue else {
                return .apiError(.badRequest, "The body must be a JSON object with a name.")
            }
            return changeDirectory(call) { directory throws(CSMDirectory.Error) in try directory.renameProduct(id: id, to: name).json }
        case (.DELETE, let id?):
            if let refusal = check(call.caller, scope: Self.writeProductScope) ?? requireAgent(call, toDo: "delete products") {
                return refusal
            }
            return changeDirectory(call, status: .noContent) { directory throws(CSMDirectory.Error) in
                try directory.deleteProduct(id: id)
                return nil
            }
        default:
            return nil
        }
    }

    static let readProductScope = "read:product:jira-service-management"
    static let writeProductScope = "write:product:jira-service-management"

    /// Runs `change` on the site's directory and keeps the result only when it succeeds.
    /// - Returns: the JSON `change` returns with `status`, an empty answer when it returns nil,
    ///   and the directory's error otherwise.
    mutating func changeDirectory(
        _ call: APICall, status: HTTPResponseStatus = .ok,
        _ change: (inout CSMDirectory) throws(CSMDirectory.Error) -> JSONValue?
    ) -> SandboxResponse {
        guard var directory = directories[call.cloudID] else { return .apiError(.notFound, "No such site.") }
        do throws(CSMDirectory.Error) {
            let json = try change(&directory)
            directories[call.cloudID] = directory
            return json.map { .json($0, status: status) } ?? .empty(status: status)
        } catch {
            return Self.answer(error)
        }
    }
}
