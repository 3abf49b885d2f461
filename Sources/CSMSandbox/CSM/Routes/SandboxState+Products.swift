import NIOHTTP1

extension SandboxState {
    /// Products: `GET|POST product`, `GET|PUT|DELETE product/{productId}`. Every call needs a
    /// service desk agent; the list pages with a cursor.
    mutating func productRoute(_ call: APICall) -> SandboxResponse? {
        guard call.path.first == "product", call.path.count <= 2 else { return nil }
        let id = call.path.count == 2 ? call.path[1] : nil
        switch (call.request.method, id) {
        case (.GET, nil):
            if let refusal = check(call.caller, scope: Self.readProductScope)
                ?? requireAgent(call, toDo: "view products")
            {
                return refusal
            }
            let products = directories[call.cloudID]?.catalog.products ?? []
            return paged(count: products.count, call, style: .cursor) { products[$0].map(\.json) }
        case (.POST, nil):
            if let refusal = check(call.caller, scope: Self.writeProductScope)
                ?? requireAgent(call, toDo: "create products")
            {
                return refusal
            }
            guard let name = JSONValue.parse(call.request.body)?["name"]?.stringValue else {
                return .apiError(.badRequest, "The body must be a JSON object with a name.")
            }
            return changingDirectory(call.cloudID) { directory throws(CSMDirectory.Error) in
                .json(try directory.createProduct(name: name).json)
            }
        case (.GET, let id?):
            if let refusal = check(call.caller, scope: Self.readProductScope)
                ?? requireAgent(call, toDo: "view products")
            {
                return refusal
            }
            guard let product = directories[call.cloudID]?.product(id: id) else {
                return .apiError(.notFound, "No product with id '\(id)'.")
            }
            return .json(product.json)
        case (.PUT, let id?):
            if let refusal = check(call.caller, scope: Self.writeProductScope)
                ?? requireAgent(call, toDo: "rename products")
            {
                return refusal
            }
            guard let name = JSONValue.parse(call.request.body)?["name"]?.stringValue else {
                return .apiError(.badRequest, "The body must be a JSON object with a name.")
            }
            return changingDirectory(call.cloudID) { directory throws(CSMDirectory.Error) in
                .json(try directory.renameProduct(id: id, to: name).json)
            }
        case (.DELETE, let id?):
            if let refusal = check(call.caller, scope: Self.writeProductScope)
                ?? requireAgent(call, toDo: "delete products")
            {
                return refusal
            }
            return changingDirectory(call.cloudID) { directory throws(CSMDirectory.Error) in
                try directory.deleteProduct(id: id)
                return .empty(status: .noContent)
            }
        default:
            return nil
        }
    }

    static let readProductScope = "read:product:jira-service-management"
    static let writeProductScope = "write:product:jira-service-management"
}
