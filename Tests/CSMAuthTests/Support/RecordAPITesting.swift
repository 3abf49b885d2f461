import CSMAuth
import CSMSandbox
import Foundation

/// What the customer and organization API tests share: a logged-in ``CSMAPI`` on a fresh sandbox
/// as a chosen user, and short ways to get an error's status.
enum RecordAPITesting {
    /// Every CSM scope of the sandbox's default app.
    static let scopes = SandboxClient.defaultScopes.filter { $0 != "read:me" }

    /// Seeded ids (docs/sandbox.md).
    static let alice = "qm:5f0c1d2e-7a31-4c55-9d1e-000000000101"
    static let bob = "qm:5f0c1d2e-7a31-4c55-9d1e-000000000102"
    static let chen = "qm:5f0c1d2e-7a31-4c55-9d1e-000000000103"
    static let dana = "qm:5f0c1d2e-7a31-4c55-9d1e-000000000104"

    /// Runs `body` with an API logged in as `user` (every CSM scope) on a sandbox paging by `pageSize`.
    static func with(
        _ user: SandboxUser = .jiraAdministrator, pageSize: Int = 50, _ body: (CSMAPI, LoginHome) async throws -> Void
    ) async throws {
        try await LoginHome.with(SandboxConfiguration(autoApprove: true, defaultUserEmail: user.email, pageSize: pageSize)) { home in
            try await home.logInByPaste(scopes: scopes)
            try await body(CSMAPI(client: CSMClient(source: .session(home.session()), transport: CurlTransport())), home)
        }
    }

    /// The status of the ``CSMAPIError`` `call` throws; nil when it succeeds, -1 for another error.
    static func status(_ call: () async throws -> Void) async -> Int? {
        do {
            try await call()
            return nil
        } catch let error as CSMAPIError {
            return error.status
        } catch {
            return -1
        }
    }

    /// The status of a raw call, sent without `X-ExperimentalApi`.
    static func rawStatus(_ api: CSMAPI, _ method: String, _ path: String, body: String? = nil) async throws -> Int {
        try await api.client.send(method: method, path: path, body: body.map { Data($0.utf8) }).status
    }
}
