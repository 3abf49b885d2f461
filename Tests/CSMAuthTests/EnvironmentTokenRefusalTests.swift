import CSMAPI
import CSMAuth
import CSMSandbox
import Foundation
import TestSupport
import Testing

/// A 401 to the token of `CSM_AUTH_TOKEN`, which nothing refreshes, names the variable.
@Suite(.waiting) struct EnvironmentTokenRefusalTests {
    @Test func aRefusedEnvironmentTokenIsNamedByTheTypedCalls() async throws {
        try await withSandbox { server in
            let environment = CSMAuthEnvironment(variables: [
                "CSM_AUTH_TOKEN": "stale-token", "CSM_AUTH_CLOUD_ID": server.sites[0].cloudID,
                "CSM_AUTH_API_URL": server.baseURL,
            ])
            let credential = try #require(try Credential.fromEnvironment(environment))
            let api = CSMAPI(client: CSMClient(source: .fixed(credential), transport: CurlTransport()))
            let error = await #expect(throws: CSMAPIError.self) { _ = try await api.organizations(ids: ["1"]) }
            let message = error.map { String(describing: $0) } ?? ""
            #expect(message.contains("the token in CSM_AUTH_TOKEN was refused"), "\(message)")
            #expect(message.contains("never refreshed"))
            #expect(!message.contains("stale-token"))
            #expect(error?.category == .loginRequired)
        }
    }
}
