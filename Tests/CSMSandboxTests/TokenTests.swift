import CSMSandbox
import Foundation
import TestSupport
import Testing

/// `POST /oauth/token`: code exchange, rotation, reuse interval and family revocation, over real HTTP.
@Suite(.blocking) struct TokenTests {
    private func errorBody(_ answer: HTTPResult) throws -> (String?, String?) {
        let json = try answer.jsonObject()
        return (json["error"] as? String, json["error_description"] as? String)
    }

    private func apiStatus(_ server: SandboxServer, _ accessToken: String) async throws -> Int {
        try await Flow.api(server, "/organization/1", token: accessToken).status
    }

    @Test func codeExchangeAnswersAtlassianShape() async throws {
        try await withSandbox { server async throws in
            let code = try await Flow.code(server)
            let answer = try await Flow.exchange(server, code: code)
            #expect(answer.status == 200)
            #expect(answer.headers["content-type"]?.hasPrefix("application/json") == true)
            let json = try answer.jsonObject()
            #expect(Set(json.keys) == ["access_token", "expires_in", "scope", "refresh_token", "token_type"])
            #expect(json["token_type"] as? String == "Bearer")
            #expect(json["expires_in"] as? Int == 3600)
            #expect((json["scope"] as? String)?.split(separator: " ").count == SandboxClient.defaultScopes.count)
            #expect(json["access_token"] as? String != json["refresh_token"] as? String)
            #expect(((json["access_token"] as? String)?.count ?? 0) >= 40)
        }
    }

    @Test func noRefreshTokenWithoutOfflineAccess() async throws {
        try await withSandbox { server async throws in
            let json = try await Flow.login(server, scopes: ["read:customer:jira-service-management"])
            #expect(json["refresh_token"] == nil)
            #expect(json["scope"] as? String == "read:customer:jira-service-management")
        }
    }

    @Test func codeIsSingleUseAndReuseRevokesItsTokens() async throws {
        try await withSandbox { server async throws in
            let code = try await Flow.code(server)
            let first = try await Flow.exchange(server, code: code).jsonObject()
            let access = try #require(first["access_token"] as? String)
            let refresh = try #require(first["refresh_token"] as? String)
            #expect(try await apiStatus(server, access) == 200)

            let second = try await Flow.exchange(server, code: code)
            #expect(second.status == 403)
            #expect(try errorBody(second).0 == "invalid_grant")
            // The replay means the code leaked: what it bought is revoked too.
            #expect(try await apiStatus(server, access) == 401)
            #expect(try await Flow.refresh(server, refresh).status == 403)
        }
    }

    @Test func exchangeWithAnotherRedirectURIIsRejected() async throws {
        try await withSandbox { server async throws in
            let code = try await Flow.code(server)
            let answer = try await Flow.exchange(server, code: code, redirectURI: SandboxClient.defaultRedirectURIs[1])
            #expect(answer.status == 403)
            #expect(try errorBody(answer).0 == "invalid_grant")
        }
    }

    @Test func exchangeWithoutClientSecretIsUnauthorized() async throws {
        try await withSandbox { server async throws in
            let code = try await Flow.code(server)
            let answer = try await Flow.exchange(server, code: code, secret: nil)
            #expect(answer.status == 401)
            #expect(try errorBody(answer) == ("access_denied", "Unauthorized"))
        }
    }

    @Test func exchangeWithWrongClientSecretIsUnauthorized() async throws {
        try await withSandbox { server async throws in
            let code = try await Flow.code(server)
            let answer = try await Flow.exchange(server, code: code, secret: "not-the-secret")
            #expect(answer.status == 401)
            #expect(try errorBody(answer) == ("access_denied", "Unauthorized"))
        }
    }

    @Test func unknownCodeIsRejected() async throws {
        try await withSandbox { server async throws in
            let answer = try await Flow.exchange(server, code: "made-up")
            #expect(answer.status == 403)
            #expect(try errorBody(answer).0 == "invalid_grant")
        }
    }

    @Test func expiredCodeIsRejected() async throws {
        let clock = ManualClock()
        try await withSandbox(.init(authorizationCodeLifetime: 60, clock: clock.closure)) { server async throws in
            let code = try await Flow.code(server)
            clock.advance(by: 61)
            let answer = try await Flow.exchange(server, code: code)
            #expect(answer.status == 403)
            #expect(try errorBody(answer).0 == "invalid_grant")
        }
    }

    @Test func malformedJSONIsInvalidRequest() async throws {
        try await withSandbox { server async throws in
            let answer = try await Curl.request(
                "POST", server.baseURL + "/oauth/token", headers: ["Content-Type": "application/json"],
                body: "{\"grant_type\":")
            #expect(answer.status == 400)
            #expect(try errorBody(answer).0 == "invalid_request")
        }
    }

    @Test func formEncodedBodyWithoutTheClientIsRefused() async throws {
        // Form bodies are read (RFC 6749 sends them), and then checked like JSON ones.
        try await withSandbox { server async throws in
            let answer = try await Curl.request(
                "POST", server.baseURL + "/oauth/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: "grant_type=refresh_token&refresh_token=x")
            #expect(answer.status == 401)
            #expect(try errorBody(answer).0 == "access_denied")
        }
    }

    @Test func missingGrantTypeIsInvalidRequest() async throws {
        try await withSandbox { server async throws in
            let answer = try await Curl.postJSON(server.baseURL + "/oauth/token", ["client_id": "csm-sandbox-client"])
            #expect(answer.status == 400)
            #expect(try errorBody(answer).0 == "invalid_request")
        }
    }

    @Test func unsupportedGrantTypeIsRejected() async throws {
        try await withSandbox { server async throws in
            let answer = try await Curl.postJSON(
                server.baseURL + "/oauth/token",
                ["grant_type": "password", "client_id": "csm-sandbox-client", "client_secret": "csm-sandbox-secret"])
            #expect(answer.status == 400)
            #expect(try errorBody(answer).0 == "unsupported_grant_type")
        }
    }

    @Test func refreshRotatesTheRefreshToken() async throws {
        try await withSandbox { server async throws in
            let login = try await Flow.login(server)
            let first = try #require(login["refresh_token"] as? String)
            let answer = try await Flow.refresh(server, first)
            #expect(answer.status == 200)
            let json = try answer.jsonObject()
            let second = try #require(json["refresh_token"] as? String)
            #expect(second != first)
            #expect(json["access_token"] as? String != login["access_token"] as? String)
            #expect(json["token_type"] as? String == "Bearer")
            #expect(try await apiStatus(server, try #require(json["access_token"] as? String)) == 200)
            #expect(server.stats.refreshGrants == 1)
        }
    }

    @Test func rotatedTokenWorksInsideTheReuseInterval() async throws {
        let clock = ManualClock()
        try await withSandbox(.init(reuseInterval: 600, clock: clock.closure)) { server async throws in
            let old = try #require(try await Flow.login(server)["refresh_token"] as? String)
            let rotated = try await Flow.refresh(server, old).jsonObject()
            clock.advance(by: 599)
            let again = try await Flow.refresh(server, old)
            #expect(again.status == 200)
            let fresh = try again.jsonObject()
            #expect(fresh["refresh_token"] as? String != rotated["refresh_token"] as? String)
            // Both descendants stay usable: nothing was revoked.
            #expect(try await Flow.refresh(server, try #require(rotated["refresh_token"] as? String)).status == 200)
            #expect(try await Flow.refresh(server, try #require(fresh["refresh_token"] as? String)).status == 200)
        }
    }

    @Test func rotatedTokenAfterTheReuseIntervalRevokesTheFamily() async throws {
        let clock = ManualClock()
        try await withSandbox(.init(reuseInterval: 600, clock: clock.closure)) { server async throws in
            let login = try await Flow.login(server)
            let old = try #require(login["refresh_token"] as? String)
            let rotated = try await Flow.refresh(server, old).jsonObject()
            let newAccess = try #require(rotated["access_token"] as? String)
            let newRefresh = try #require(rotated["refresh_token"] as? String)
            clock.advance(by: 601)

            let replay = try await Flow.refresh(server, old)
            #expect(replay.status == 403)
            #expect(try errorBody(replay) == ("invalid_grant", "Unknown or invalid refresh token."))
            // The whole family dies: the newest refresh token and every access token.
            #expect(try await Flow.refresh(server, newRefresh).status == 403)
            #expect(try await apiStatus(server, newAccess) == 401)
            #expect(try await apiStatus(server, try #require(login["access_token"] as? String)) == 401)
        }
    }

    @Test func reuseIntervalWithRealTime() async throws {
        // Eight seconds: room for a loaded machine to send the second refresh inside the interval.
        try await withSandbox(.init(reuseInterval: 8)) { server async throws in
            let old = try #require(try await Flow.login(server)["refresh_token"] as? String)
            let rotated = try await Flow.refresh(server, old).jsonObject()
            #expect(try await Flow.refresh(server, old).status == 200)
            try await Task.sleep(for: .milliseconds(8500))
            #expect(try await Flow.refresh(server, old).status == 403)
            #expect(try await Flow.refresh(server, try #require(rotated["refresh_token"] as? String)).status == 403)
        }
    }

    @Test func otherFamiliesSurviveARevocation() async throws {
        let clock = ManualClock()
        try await withSandbox(.init(clock: clock.closure)) { server async throws in
            let victim = try #require(try await Flow.login(server)["refresh_token"] as? String)
            let bystander = try await Flow.login(server)
            _ = try await Flow.refresh(server, victim)
            clock.advance(by: 700)
            #expect(try await Flow.refresh(server, victim).status == 403)
            #expect(try await apiStatus(server, try #require(bystander["access_token"] as? String)) == 200)
            #expect(try await Flow.refresh(server, try #require(bystander["refresh_token"] as? String)).status == 200)
        }
    }

    @Test func refreshTokenExpiresAfterInactivity() async throws {
        let clock = ManualClock()
        try await withSandbox(.init(refreshTokenInactivity: 1000, clock: clock.closure)) { server async throws in
            let token = try #require(try await Flow.login(server)["refresh_token"] as? String)
            clock.advance(by: 1001)
            #expect(try await Flow.refresh(server, token).status == 403)
        }
    }

    @Test func rotationResetsTheInactivityClock() async throws {
        let clock = ManualClock()
        try await withSandbox(.init(refreshTokenInactivity: 1000, clock: clock.closure)) { server async throws in
            var token = try #require(try await Flow.login(server)["refresh_token"] as? String)
            for _ in 0..<3 {
                clock.advance(by: 900)
                let answer = try await Flow.refresh(server, token)
                #expect(answer.status == 200)
                token = try #require(try answer.jsonObject()["refresh_token"] as? String)
            }
        }
    }

    @Test func unknownRefreshTokenIsRejected() async throws {
        try await withSandbox { server async throws in
            let answer = try await Flow.refresh(server, "made-up")
            #expect(answer.status == 403)
            #expect(try errorBody(answer) == ("invalid_grant", "Unknown or invalid refresh token."))
        }
    }

    @Test func refreshWithWrongSecretIsUnauthorized() async throws {
        try await withSandbox { server async throws in
            let token = try #require(try await Flow.login(server)["refresh_token"] as? String)
            let answer = try await Flow.refresh(server, token, secret: "wrong")
            #expect(answer.status == 401)
            #expect(try errorBody(answer) == ("access_denied", "Unauthorized"))
        }
    }

    @Test func accessTokenExpires() async throws {
        let clock = ManualClock()
        try await withSandbox(.init(accessTokenLifetime: 2, clock: clock.closure)) { server async throws in
            let login = try await Flow.login(server)
            #expect(login["expires_in"] as? Int == 2)
            let access = try #require(login["access_token"] as? String)
            #expect(try await apiStatus(server, access) == 200)
            clock.advance(by: 2)
            #expect(try await apiStatus(server, access) == 401)
        }
    }

    @Test func revokingAllGrantsKillsEveryToken() async throws {
        try await withSandbox { server async throws in
            let login = try await Flow.login(server)
            server.revokeAllGrants()
            #expect(try await apiStatus(server, try #require(login["access_token"] as? String)) == 401)
            #expect(try await Flow.refresh(server, try #require(login["refresh_token"] as? String)).status == 403)
        }
    }

    @Test func statsCountExactlyOneRefresh() async throws {
        try await withSandbox { server async throws in
            let login = try await Flow.login(server)
            _ = try await Flow.refresh(server, try #require(login["refresh_token"] as? String))
            _ = try await Flow.refresh(server, "made-up")
            let stats = server.stats
            #expect(stats.authorize == 1)
            #expect(stats.consentDecisions == 1)
            #expect(stats.authorizationCodeGrants == 1)
            #expect(stats.refreshGrants == 2)
            #expect(stats.tokenErrors == 1)
            server.resetStats()
            #expect(server.stats == SandboxStats())
        }
    }

    @Test func issuedTokensWorkWithoutABrowser() async throws {
        try await withSandbox { server async throws in
            let tokens = try server.issueTokens(for: "agent@sandbox.example")
            #expect(try await apiStatus(server, tokens.accessToken) == 200)
            let refresh = try #require(tokens.refreshToken)
            #expect(try await Flow.refresh(server, refresh).status == 200)
            let code = try server.issueAuthorizationCode()
            #expect(try await Flow.exchange(server, code: code).status == 200)
            #expect(throws: SandboxServer.Error.self) { try server.issueTokens(for: "nobody@example.com") }
        }
    }
}
