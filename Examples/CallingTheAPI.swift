import CSMAPI
import CSMAuth
import Foundation

// MARK: Calling the CSM API

/// Prints every product: a typed list, which fetches the next page only when it is needed.
func printProducts() async throws {
    let api = CSMAPI(client: try CSMClient(environment: CSMAuthEnvironment()))  // CSM_AUTH_TOKEN, or the profile
    for try await product in api.products() {
        print(product.id, product.name)
    }
}

/// Prints every page of the product list as it came, following its cursor one page at a time.
func printProductPages() async throws {
    let client = try CSMClient(environment: CSMAuthEnvironment())  // CSM_AUTH_TOKEN, or the profile
    var path: String? = "product?limit=50"
    while let current = path {
        let response = try await client.send(method: "GET", path: current)
        guard response.status == 200 else {
            throw CSMAuthError(.unexpectedResponse, "GET \(current) answered HTTP \(response.status)")
        }
        print(String(decoding: response.body, as: UTF8.self))
        path = CSMClient.nextPagePath(from: response.body, after: current)
    }
}

/// Creates a detail field for customers.
func createDetailField() async throws -> Int {
    let client = try CSMClient(profile: "work", environment: CSMAuthEnvironment())
    let response = try await client.send(
        method: "POST", path: "customer/details",
        body: Data(#"{"name":"Tier","type":{"name":"SELECT","options":["Gold","Silver"]}}"#.utf8))
    return response.status
}

/// Typed calls: a record, its details, the field definitions, and errors with Atlassian's messages.
func tagKeyAccounts() async throws {
    let api = CSMAPI(client: try CSMClient(environment: CSMAuthEnvironment()))
    let acme = try await api.organization(id: "1")
    print(acme.name, acme.values(of: "Industry"))
    try await api.setDetail(of: .organization, id: acme.id, field: "Key Account", values: ["true"])
    do {
        _ = try await api.createDetailField(
            of: .organization, name: "Tier", type: CSMDetailFieldType(name: "SELECT", options: ["A", "B"]))
    } catch let error as CSMAPIError where error.status == 400 {
        print("not created:", error.messages.joined(separator: "; "))
    }
    for field in try await api.detailFields(of: .organization) {
        print(field.name, field.type.name, field.type.options ?? [])
    }
}
