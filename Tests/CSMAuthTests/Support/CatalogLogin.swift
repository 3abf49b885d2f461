import CSMSandbox
import Foundation
import Testing
@testable import CSMAuth

/// Logins shared by the product, entitlement, help-centre and request suites.
enum CatalogLogin {
    /// Runs `body` with the typed API of a fresh sandbox, logged in as `user` with every CSM scope.
    static func with(
        _ user: SandboxUser = .jiraAdministrator, pageSize: Int = 50, _ body: (CSMAPI, LoginHome) async throws -> Void
    ) async throws {
        try await LoginHome.with(SandboxConfiguration(autoApprove: true, defaultUserEmail: user.email, pageSize: pageSize)) { home in
            try await home.logInByPaste(scopes: CSMAPITests.allScopes)
            try await body(CSMAPI(client: CSMClient(source: .session(home.session()), transport: CurlTransport())), home)
        }
    }

    /// Sends a request as is, without the typed call's headers (so without the experimental opt-in).
    static func raw(_ api: CSMAPI, _ method: String, _ path: String, json: String? = nil, optIn: Bool = false) async throws -> HTTPResponse {
        try await api.client.send(
            method: method, path: path, headers: optIn ? [HTTPHeader("X-ExperimentalApi", "opt-in")] : [],
            body: json.map { Data($0.utf8) })
    }
}
