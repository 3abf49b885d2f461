import CSMSandbox
import Foundation

@testable import CSMAPI
@testable import CSMAuth

/// What the CSM API suites share: a typed ``CSMAPI`` logged in by paste on a fresh sandbox, the
/// scopes it asks for, the seeded ids, and ways to send a request as is or get an error's status.
enum APILogin {
    /// Every CSM scope of the sandbox's default app.
    static let allScopes = SandboxClient.defaultScopes.filter { $0 != "read:me" }

    /// Seeded ids (docs/sandbox.md).
    static let alice = "qm:5f0c1d2e-7a31-4c55-9d1e-000000000101"
    static let bob = "qm:5f0c1d2e-7a31-4c55-9d1e-000000000102"
    static let chen = "qm:5f0c1d2e-7a31-4c55-9d1e-000000000103"
    static let dana = "qm:5f0c1d2e-7a31-4c55-9d1e-000000000104"

    /// The header that opts a request in to an experimental call.
    static let optIn = HTTPHeader("X-ExperimentalApi", "opt-in")

    /// The typed API over `home`'s session.
    static func api(_ home: LoginHome) -> CSMAPI {
        CSMAPI(client: CSMClient(source: .session(home.session()), transport: CurlTransport()))
    }

    /// Runs `body` with an API logged in with `scopes` on a sandbox with `configuration`.
    static func with(
        _ configuration: SandboxConfiguration, scopes: [String] = allScopes,
        _ body: (CSMAPI, LoginHome) async throws -> Void
    ) async throws {
        try await LoginHome.with(configuration) { home in
            try await home.logInByPaste(scopes: scopes)
            try await body(api(home), home)
        }
    }

    /// Runs `body` with an API logged in as `user` (every CSM scope) on a sandbox paging by `pageSize`.
    static func with(
        _ user: SandboxUser = .jiraAdministrator, pageSize: Int = 50, _ body: (CSMAPI, LoginHome) async throws -> Void
    ) async throws {
        try await with(SandboxConfiguration(autoApprove: true, defaultUserEmail: user.email, pageSize: pageSize), body)
    }

    /// Sends a request as is, with only the `headers` given: none of the typed call's (so no
    /// ``optIn`` unless it is among them).
    static func raw(_ api: CSMAPI, _ method: String, _ path: String, headers: [HTTPHeader] = [], body: String? = nil)
        async throws -> HTTPResponse
    {
        try await api.client.send(method: method, path: path, headers: headers, body: body.map { Data($0.utf8) })
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
}
