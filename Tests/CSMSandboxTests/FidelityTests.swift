import CSMSandbox
import Foundation
import TestSupport
import Testing

/// Where the sandbox follows Atlassian's documents rather than a convenient guess.
@Suite(.blocking) struct FidelityTests {
    @Test func offlineAccessIsGrantableToAnAppThatDoesNotListIt() async throws {
        // offline_access is not a console scope: an app never "adds" it, yet may ask for it.
        var client = SandboxClient.default
        client.scopes = ["read:customer:jira-service-management"]
        try await withSandbox(SandboxConfiguration(clients: [client])) { server async throws in
            let json = try await Flow.login(
                server, scopes: ["read:customer:jira-service-management", "offline_access"])
            #expect(json["refresh_token"] is String)
        }
    }

    @Test func aScopeTheAppLacksIsStillRefused() async throws {
        var client = SandboxClient.default
        client.scopes = ["read:customer:jira-service-management"]
        _ = try await withSandbox(SandboxConfiguration(clients: [client])) { server async throws in
            await #expect(throws: (any Error).self) {
                _ = try await Flow.login(
                    server, scopes: ["read:organization:jira-service-management", "offline_access"])
            }
        }
    }

    @Test func aFormEncodedCodeExchangeAndRefreshAreAccepted() async throws {
        try await withSandbox { server async throws in
            let code = try await Flow.code(server)
            let form = [
                "grant_type=authorization_code", "client_id=\(Flow.client.id)", "client_secret=\(Flow.client.secret)",
                "code=\(code)",
                "redirect_uri=\(Flow.redirectURI.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)",
            ].joined(separator: "&")
            let answer = try await Curl.request(
                "POST", server.baseURL + "/oauth/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: form)
            #expect(answer.status == 200)
            let refresh = try #require(try answer.jsonObject()["refresh_token"] as? String)

            let refreshForm =
                "grant_type=refresh_token&client_id=\(Flow.client.id)&client_secret=\(Flow.client.secret)&refresh_token=\(refresh)"
            let refreshed = try await Curl.request(
                "POST", server.baseURL + "/oauth/token",
                headers: ["Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"],
                body: refreshForm)
            #expect(refreshed.status == 200)
            #expect(server.stats.refreshGrants == 1)
        }
    }

    @Test func aFormBodyThatIsNotFormEncodingIsAnInvalidRequest() async throws {
        try await withSandbox { server async throws in
            let answer = try await Curl.request(
                "POST", server.baseURL + "/oauth/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: "grant_type=%ZZ")
            #expect(answer.status == 400)
            #expect(try answer.jsonObject()["error"] as? String == "invalid_request")
        }
    }

    @Test func aRepeatedFormParameterIsAnInvalidRequest() async throws {
        // RFC 6749 3.1: a parameter must not be sent twice; 5.2: such a request is invalid_request.
        // Taking the first value would hide a client that sends two grant types or two tokens.
        try await withSandbox { server async throws in
            let answer = try await Curl.request(
                "POST", server.baseURL + "/oauth/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body:
                    "grant_type=client_credentials&grant_type=refresh_token&client_id=\(Flow.client.id)&client_secret=\(Flow.client.secret)"
            )
            #expect(answer.status == 400)
            #expect(try answer.jsonObject()["error"] as? String == "invalid_request")
        }
    }

    @Test func refreshTokensEndAYearAfterTheConsentByDefault() async throws {
        #expect(SandboxConfiguration().refreshTokenAbsoluteLifetime == TimeInterval(365 * 24 * 3600))
        let clock = ManualClock()
        try await withSandbox(SandboxConfiguration(refreshTokenInactivity: 400 * 24 * 3600, clock: { clock.now })) {
            server async throws in
            var refresh = try #require(try await Flow.login(server)["refresh_token"] as? String)
            clock.advance(by: 200 * 24 * 3600)
            refresh = try #require(try await Flow.refresh(server, refresh).jsonObject()["refresh_token"] as? String)
            clock.advance(by: 166 * 24 * 3600)
            let late = try await Flow.refresh(server, refresh)
            #expect(late.status == 403)
            #expect(try late.jsonObject()["error"] as? String == "invalid_grant")
        }
    }

    @Test func theYearLimitCanBeTurnedOff() async throws {
        let clock = ManualClock()
        let configuration = SandboxConfiguration(
            refreshTokenInactivity: 400 * 24 * 3600, refreshTokenAbsoluteLifetime: nil, clock: { clock.now })
        try await withSandbox(configuration) { server async throws in
            let refresh = try #require(try await Flow.login(server)["refresh_token"] as? String)
            clock.advance(by: 366 * 24 * 3600)
            #expect(try await Flow.refresh(server, refresh).status == 200)
        }
    }

    @Test func clientCredentialsStillWorkWhileRefreshAnswersAreDropped() async throws {
        let account = SandboxServiceAccount(id: "bot", secret: "bot-secret")
        try await withSandbox(
            SandboxConfiguration(faults: SandboxFaults(tokenEndpoint: .dropAfterRefresh), serviceAccounts: [account])
        ) {
            server async throws in
            let answer = try await Curl.postJSON(
                server.baseURL + "/oauth/token",
                ["grant_type": "client_credentials", "client_id": "bot", "client_secret": "bot-secret"])
            #expect(answer.status == 200)
        }
    }
}
