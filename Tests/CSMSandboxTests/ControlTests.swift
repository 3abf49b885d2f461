import CSMSandbox
import Foundation
import TestSupport
import Testing

/// Fault injection, counters and settings, through `/_sandbox/` and the Swift API.
@Suite(.blocking) struct ControlTests {
    @Test func rateLimitAnswers429WithTheDocumentedHeadersThenRecovers() async throws {
        let clock = ManualClock()
        try await withSandbox(SandboxConfiguration(clock: clock.closure)) { server async throws in
            let tokens = try server.issueTokens()
            let set = try await Curl.postJSON(
                server.baseURL + "/_sandbox/faults",
                ["rateLimit": ["count": 1, "retryAfter": 3, "reason": "jira-quota-tenant-based"]])
            #expect(set.status == 200)
            let answer = try await Flow.api(server, "/customer/details", token: tokens.accessToken)
            #expect(answer.status == 429)
            #expect(answer.headers["retry-after"] == "3")
            #expect(answer.headers["ratelimit-reason"] == "jira-quota-tenant-based")
            #expect(answer.headers["x-ratelimit-nearlimit"] == "true")
            #expect(answer.headers["x-ratelimit-remaining"] == "0")
            clock.advance(by: 3)
            #expect(try await Flow.api(server, "/customer/details", token: tokens.accessToken).status == 200)
            #expect(server.stats.apiRequests == 2)
            #expect(server.stats.rateLimited == 1)
            #expect(server.faults.rateLimit == nil)
        }
    }

    @Test func anEarlyRetryIsRefusedAgainWithTheSameWait() async throws {
        let clock = ManualClock()
        try await withSandbox(SandboxConfiguration(clock: clock.closure)) { server async throws in
            let tokens = try server.issueTokens()
            server.setFaults(SandboxFaults(rateLimit: .init(count: 1, retryAfter: 3)))
            #expect(try await Flow.api(server, "/customer/details", token: tokens.accessToken).status == 429)
            clock.advance(by: 2)
            // Two seconds into a three-second wait: refused again, and the wait starts over.
            let early = try await Flow.api(server, "/customer/details", token: tokens.accessToken)
            #expect(early.status == 429)
            #expect(early.headers["retry-after"] == "3")
            clock.advance(by: 2)
            #expect(try await Flow.api(server, "/customer/details", token: tokens.accessToken).status == 429)
            clock.advance(by: 3)
            #expect(try await Flow.api(server, "/customer/details", token: tokens.accessToken).status == 200)
            #expect(server.stats.rateLimited == 3)
        }
    }

    @Test func theResetTimeIsInAtlassiansMinuteFormRoundedUp() async throws {
        let clock = ManualClock()  // 2027-01-15T08:00:00Z
        try await withSandbox(SandboxConfiguration(clock: clock.closure)) { server async throws in
            server.setFaults(SandboxFaults(rateLimit: .init(count: 1, retryAfter: 61)))
            let answer = try await Curl.request(server.apiBaseURL() + "/organization/1", headers: Flow.basic(.agent))
            #expect(answer.status == 429)
            #expect(answer.headers["x-ratelimit-reset"] == "2027-01-15T08:02Z")
        }
    }

    @Test func aBareRateLimitSendsNoHeaderAndNoWait() async throws {
        try await withSandbox { server async throws in
            _ = try await Curl.postJSON(server.baseURL + "/_sandbox/faults", ["rateLimit": ["count": 2, "bare": true]])
            for _ in 0..<2 {
                let answer = try await Curl.request(
                    server.apiBaseURL() + "/organization/1", headers: Flow.basic(.agent))
                #expect(answer.status == 429)
                #expect(answer.headers["retry-after"] == nil)
                #expect(answer.headers["x-ratelimit-reset"] == nil)
                #expect(answer.headers["ratelimit-reason"] == nil)
            }
            #expect(
                try await Curl.request(server.apiBaseURL() + "/organization/1", headers: Flow.basic(.agent)).status
                    == 200)
            #expect(server.stats.rateLimited == 2)
        }
    }

    @Test func nearLimitAnswersSayTheBudgetIsNearlySpent() async throws {
        try await withSandbox { server async throws in
            _ = try await Curl.postJSON(server.baseURL + "/_sandbox/faults", ["nearLimit": true])
            let answer = try await Curl.request(server.apiBaseURL() + "/organization/1", headers: Flow.basic(.agent))
            #expect(answer.status == 200)
            #expect(answer.headers["x-ratelimit-nearlimit"] == "true")
            #expect(answer.headers["x-ratelimit-remaining"] == "10")
        }
    }

    @Test func serviceUnavailableAnswers503WithRetryAfter() async throws {
        try await withSandbox { server async throws in
            server.setFaults(SandboxFaults(serviceUnavailable: .init(count: 1, retryAfter: 1)))
            let answer = try await Curl.request(server.apiBaseURL() + "/organization/1", headers: Flow.basic(.agent))
            #expect(answer.status == 503)
            #expect(answer.headers["retry-after"] == "1")
            #expect(
                try await Curl.request(server.apiBaseURL() + "/organization/1", headers: Flow.basic(.agent)).status
                    == 200)
        }
    }

    @Test func tokenEndpointCanAnswer500() async throws {
        try await withSandbox { server async throws in
            let login = try await Flow.login(server)
            _ = try await Curl.postJSON(server.baseURL + "/_sandbox/faults", ["tokenEndpoint": "500"])
            let answer = try await Flow.refresh(server, login["refresh_token"] as! String)
            #expect(answer.status == 500)
            #expect(server.stats.tokenErrors == 1)
            _ = try await Curl.postJSON(server.baseURL + "/_sandbox/faults", ["tokenEndpoint": "none"])
            // The failed attempt did not consume the token.
            #expect(try await Flow.refresh(server, login["refresh_token"] as! String).status == 200)
        }
    }

    @Test func tokenEndpointCanAnswerHTML() async throws {
        try await withSandbox { server async throws in
            server.setFaults(SandboxFaults(tokenEndpoint: .html))
            let answer = try await Flow.refresh(server, "anything")
            #expect(answer.status == 200)
            #expect(answer.headers["content-type"]?.hasPrefix("text/html") == true)
            #expect(answer.body.hasPrefix("<!DOCTYPE html>"))
        }
    }

    @Test func tokenAnswerReplacesMembersOfTheTokenAnswer() async throws {
        try await withSandbox { server async throws in
            let login = try await Flow.login(server)
            let set = try await Curl.postJSON(
                server.baseURL + "/_sandbox/faults",
                ["tokenAnswer": ["expires_in": 1e19, "access_token": "abc\r\nX-Injected: 1"]])
            #expect(set.status == 200)
            let answer = try await Flow.refresh(server, login["refresh_token"] as! String)
            #expect(answer.status == 200)
            let json = try answer.jsonObject()
            #expect(json["expires_in"] as? Double == 1e19)
            #expect(json["access_token"] as? String == "abc\r\nX-Injected: 1")
            // The grant was carried out: the refresh token rotated, and the rest is as issued.
            #expect((json["refresh_token"] as? String).map { $0 != login["refresh_token"] as? String } == true)
            #expect(json["token_type"] as? String == "Bearer")
            #expect(
                try await Curl.postJSON(server.baseURL + "/_sandbox/faults", ["tokenAnswer": NSNull()]).status == 200)
            #expect(server.faults == .none)
            #expect(
                try await Curl.postJSON(server.baseURL + "/_sandbox/faults", ["tokenAnswer": ["expires_in": "x"]])
                    .status
                    == 400)
        }
    }

    @Test func slowAnswersAreDelayed() async throws {
        try await withSandbox { server async throws in
            _ = try await Curl.postJSON(server.baseURL + "/_sandbox/faults", ["delayMilliseconds": 400])
            let start = ContinuousClock.now
            let answer = try await Curl.request(server.baseURL + "/_edge/tenant_info")
            #expect(answer.status == 200)
            #expect(ContinuousClock.now - start >= .milliseconds(400))
            // Control endpoints are never delayed, so a test can always switch the fault off quickly.
            let reset = try await Curl.request("POST", server.baseURL + "/_sandbox/faults/reset")
            #expect(reset.status == 200)
            #expect(server.faults == .none)
        }
    }

    @Test func statsEndpointAndReset() async throws {
        try await withSandbox { server async throws in
            _ = try await Curl.request(server.baseURL + "/_edge/tenant_info")
            let stats = try await Curl.request(server.baseURL + "/_sandbox/stats").jsonObject()
            #expect(
                Set(stats.keys) == [
                    "authorize", "consentDecisions", "authorizationCodeGrants", "refreshGrants", "tokenErrors",
                    "accessibleResources", "tenantInfo", "apiRequests", "clientCredentialsGrants", "rateLimited",
                ])
            #expect(stats["tenantInfo"] as? Int == 1)
            _ = try await Curl.request("POST", server.baseURL + "/_sandbox/stats/reset")
            #expect(server.stats.tenantInfo == 0)
        }
    }

    @Test func revokeEndpointKillsEveryToken() async throws {
        try await withSandbox { server async throws in
            let login = try await Flow.login(server)
            #expect(try await Curl.request("POST", server.baseURL + "/_sandbox/revoke").status == 200)
            #expect(
                try await Flow.api(server, "/customer/details", token: login["access_token"] as! String).status == 401)
            #expect(try await Flow.refresh(server, login["refresh_token"] as! String).status == 403)
        }
    }

    @Test func settingsEndpointChangesThePageSizeAndTheBulkTaskDelay() async throws {
        try await withSandbox { server async throws in
            let before = try await Curl.request(server.baseURL + "/_sandbox/settings")
            #expect(try before.jsonObject()["pageSize"] as? Double == 50)
            #expect(try before.jsonObject()["bulkTaskDelay"] as? Double == 1)
            let answer = try await Curl.postJSON(
                server.baseURL + "/_sandbox/settings", ["pageSize": 2, "bulkTaskDelay": 0.25])
            #expect(answer.status == 200)
            #expect(try answer.jsonObject()["pageSize"] as? Double == 2)
            #expect(try answer.jsonObject()["bulkTaskDelay"] as? Double == 0.25)
        }
    }

    @Test(arguments: [0, -1, 1.5, 1001])
    func aPageSizeOutsideOneToAThousandIsRefused(size: Double) async throws {
        try await withSandbox { server async throws in
            let answer = try await Curl.postJSON(server.baseURL + "/_sandbox/settings", ["pageSize": size])
            #expect(answer.status == 400)
            #expect(
                try await Curl.request(server.baseURL + "/_sandbox/settings").jsonObject()["pageSize"] as? Double == 50)
        }
    }

    @Test func aNegativeBulkTaskDelayIsRefused() async throws {
        try await withSandbox { server async throws in
            #expect(try await Curl.postJSON(server.baseURL + "/_sandbox/settings", ["bulkTaskDelay": -1]).status == 400)
        }
    }

    @Test func settingsEndpointChangesLifetimes() async throws {
        try await withSandbox { server async throws in
            let answer = try await Curl.postJSON(
                server.baseURL + "/_sandbox/settings", ["accessTokenLifetime": 5, "reuseInterval": 0.5])
            #expect(answer.status == 200)
            #expect(try answer.jsonObject()["reuseInterval"] as? Double == 0.5)
            let login = try await Flow.login(server)
            #expect(login["expires_in"] as? Int == 5)
            #expect(try await Curl.postJSON(server.baseURL + "/_sandbox/settings", ["bogus": 1]).status == 400)
            #expect(try await Curl.postJSON(server.baseURL + "/_sandbox/settings", ["reuseInterval": -1]).status == 400)
        }
    }

    @Test func tokensEndpointMintsWithoutABrowser() async throws {
        try await withSandbox { server async throws in
            let answer = try await Curl.postJSON(server.baseURL + "/_sandbox/tokens", ["user": "agent@sandbox.example"])
            #expect(answer.status == 200)
            let access = try #require(try answer.jsonObject()["access_token"] as? String)
            #expect(try await Flow.api(server, "/organization/1", token: access).status == 200)
        }
    }

    @Test func badFaultBodiesAreRejected() async throws {
        try await withSandbox { server async throws in
            let url = server.baseURL + "/_sandbox/faults"
            #expect(try await Curl.postJSON(url, ["tokenEndpoint": "teapot"]).status == 400)
            #expect(try await Curl.postJSON(url, ["rateLimit": ["count": -1]]).status == 400)
            #expect(try await Curl.postJSON(url, ["rateLimit": ["count": 1e300]]).status == 400)
            #expect(try await Curl.postJSON(url, ["rateLimit": ["count": 1, "retryAfter": 86_401]]).status == 400)
            #expect(try await Curl.postJSON(url, ["rateLimit": ["count": 1, "bare": "yes"]]).status == 400)
            #expect(try await Curl.postJSON(url, ["rateLimit": ["count": 1, "reason": "two words"]]).status == 400)
            #expect(try await Curl.postJSON(url, ["nearLimit": 1]).status == 400)
            #expect(try await Curl.postJSON(url, ["unknown": true]).status == 400)
            #expect(server.faults == .none)
        }
    }

    @Test func oversizedBodyIs413() async throws {
        try await withSandbox(.init(maximumBodySize: 1024)) { server async throws in
            let answer = try await Curl.request(
                "POST", server.baseURL + "/oauth/token", headers: ["Content-Type": "application/json"],
                body: "{\"pad\":\"" + String(repeating: "x", count: 4096) + "\"}")
            #expect(answer.status == 413)
        }
    }

    @Test func wrongMethodIs405() async throws {
        try await withSandbox { server async throws in
            let answer = try await Curl.request(server.baseURL + "/oauth/token")
            #expect(answer.status == 405)
            #expect(answer.headers["allow"] == "POST")
        }
    }
}

/// The scoped lifetime of `withSandbox`.
@Suite(.blocking) struct LifetimeTests {
    @Test func withSandboxStopsTheServerAfterTheBody() async throws {
        let baseURL = try await withSandbox { server async throws in
            #expect(try await Curl.request(server.baseURL + "/_edge/tenant_info").status == 200)
            return server.baseURL
        }
        await #expect(throws: CurlError.self) { try await Curl.request(baseURL + "/_edge/tenant_info") }
    }

    @Test func withSandboxStopsTheServerWhenTheBodyThrows() async throws {
        struct Boom: Error {}
        var captured: String?
        await #expect(throws: Boom.self) {
            try await withSandbox { server async throws in
                captured = server.baseURL
                throw Boom()
            }
        }
        let baseURL = try #require(captured)
        await #expect(throws: CurlError.self) { try await Curl.request(baseURL + "/_edge/tenant_info") }
    }

    @Test func stopTwiceIsHarmless() async throws {
        let server = try await SandboxServer.start()
        try await server.stop()
        try await server.stop()
    }

    @Test func twoSandboxesRunSideBySide() async throws {
        try await withSandbox { first async throws in
            try await withSandbox(.init(siteCount: 2)) { second async throws in
                #expect(first.port != second.port)
                #expect(first.sites.count == 1 && second.sites.count == 2)
            }
        }
    }
}
