import CSMAuth
import Foundation

// MARK: Calling the CSM API

/// Lists every organization, following Atlassian's paging links one page at a time.
func printOrganizations() async throws {
    let client = try CSMClient(environment: CSMAuthEnvironment())    // CSM_AUTH_TOKEN, or the profile
    var path: String? = "organization?limit=50"
    while let next = path {
        let response = try await client.send(method: "GET", path: next)
        guard response.status == 200 else {
            throw CSMAuthError(.unexpectedResponse, "GET \(next) answered HTTP \(response.status)")
        }
        print(String(decoding: response.body, as: UTF8.self))
        path = CSMClient.nextPagePath(from: response.body)
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
