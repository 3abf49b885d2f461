import CSMAPI
import CSMAuth
import CSMSandbox
import Foundation
import TestSupport
import Testing

/// `CSMClient` against the sandbox's CSM API, with the session of a real login (paste mode,
/// `.file` storage, no kernel cache) or a fixed credential, over libcurl. The sandbox's request
/// counters say how many API calls and refreshes really happened.
@Suite(.waiting) struct CSMClientTests {
    // MARK: Answers

    @Test func getWithTheSessionOfALoginReturnsTheAnswer() async throws {
        try await LoginHome.with { home in
            try await home.logInByPaste()
            home.sandbox.resetStats()

            let response = try await Self.client(home).send(method: "GET", path: "organization/1")
            #expect(response.status == 200)
            #expect(try Self.entity(response) == Entity(id: "1", name: "Acme Corporation"))
            #expect(home.sandbox.stats.apiRequests == 1)
            #expect(home.sandbox.stats.refreshGrants == 0)
        }
    }

    @Test func clientErrorsAreReturnedWithTheirStatusAndWithoutARefresh() async throws {
        try await LoginHome.with { home in
            try await home.logInByPaste(
                scopes: LoginHome.scopes + ["write:organization.detail:jira-service-management"])
            home.sandbox.resetStats()
            let client = Self.client(home)

            let missing = try await client.send(method: "GET", path: "organization/424242")
            #expect(missing.status == 404)
            #expect(Self.text(missing).contains("No organization with id '424242'"))
            let invalid = try await client.send(
                method: "PUT", path: "organization/1/details", body: Data(#"{"values":["x"]}"#.utf8))
            #expect(invalid.status == 400)
            #expect(Self.text(invalid).contains("fieldName"))
            #expect(home.sandbox.stats.apiRequests == 2)
            #expect(home.sandbox.stats.refreshGrants == 0)
        }
    }

    @Test func forbiddenIsReturnedWithItsStatusAndWithoutARefresh() async throws {
        let configuration = SandboxConfiguration(autoApprove: true, defaultUserEmail: SandboxUser.customer.email)
        try await LoginHome.with(configuration) { home in
            try await home.logInByPaste()  // as the customer, who may not read organizations
            home.sandbox.resetStats()

            let response = try await Self.client(home).send(method: "GET", path: "organization/1")
            #expect(response.status == 403)
            #expect(Self.text(response).contains("You do not have permission"))
            #expect(home.sandbox.stats.apiRequests == 1)
            #expect(home.sandbox.stats.refreshGrants == 0)
        }
    }

    // MARK: 401 and refresh

    @Test func anAccessTokenTheServerSeesExpiredIsRefreshedOnceAndTheRequestRetried() async throws {
        let clock = SandboxClock()
        try await LoginHome.with(SandboxConfiguration(autoApprove: true, clock: { clock.now() })) { home in
            try await home.logInByPaste()
            let before = try #require(try await home.credentials())
            // The sandbox's clock passes the token's hour; the stored expiry still looks valid to the client.
            clock.advance(by: 3600 + 60)
            home.sandbox.resetStats()

            let response = try await Self.client(home).send(method: "GET", path: "organization/1")
            #expect(response.status == 200)
            #expect(home.sandbox.stats.apiRequests == 2)
            #expect(home.sandbox.stats.refreshGrants == 1)
            let after = try #require(try await home.credentials())
            #expect(after.accessToken != before.accessToken)
            #expect(after.refreshToken != before.refreshToken)
        }
    }

    @Test func aScopeMismatchIsReturnedWithoutARefresh() async throws {
        try await LoginHome.with { home in
            // No organization scope: the gateway answers 401 "scope does not match", fresh token or not.
            try await home.logInByPaste(scopes: ["read:customer:jira-service-management"])
            home.sandbox.resetStats()

            let response = try await Self.client(home).send(method: "GET", path: "organization/1")
            #expect(response.status == 401)
            #expect(Self.text(response).contains("scope does not match"))
            #expect(CSMClient.isScopeMismatch(response))
            // A refresh would rotate the token for nothing: its scopes stay the same.
            #expect(home.sandbox.stats.apiRequests == 1)
            #expect(home.sandbox.stats.refreshGrants == 0)
        }
    }

    @Test func aRevokedGrantIsLoginRequiredAndLaterCallsFailWithoutTheNetwork() async throws {
        try await LoginHome.with { home in
            try await home.logInByPaste()
            home.sandbox.revokeAllGrants()
            home.sandbox.resetStats()
            let client = Self.client(home)

            let error = await #expect(throws: CSMAuthError.self) {
                try await client.send(method: "GET", path: "organization/1")
            }
            #expect(error?.category == .loginRequired)
            #expect(error?.message.contains("csm-auth login --profile \(LoginHome.profile)") == true)
            #expect(home.sandbox.stats.apiRequests == 1)
            #expect(home.sandbox.stats.refreshGrants == 1)
            let stored = try await home.credentials()
            #expect(stored?.refreshTokenRevoked == true)
            #expect(stored?.accessToken == nil)

            home.sandbox.resetStats()
            let again = await #expect(throws: CSMAuthError.self) {
                try await client.send(method: "GET", path: "organization/1")
            }
            #expect(again?.category == .loginRequired)
            #expect(home.sandbox.stats == SandboxStats())
        }
    }

    @Test func aFixedCredentialIsNeverRefreshed() async throws {
        try await LoginHome.with { home in
            let tokens = try home.sandbox.issueTokens(clientID: LoginHome.clientID)
            // As a CI job hands it over: CSM_AUTH_TOKEN and CSM_AUTH_CLOUD_ID.
            var variables = home.environment.variables
            variables["CSM_AUTH_TOKEN"] = tokens.accessToken
            variables["CSM_AUTH_CLOUD_ID"] = home.sandbox.sites[0].cloudID
            let credential = try #require(try Credential.fromEnvironment(CSMAuthEnvironment(variables: variables)))
            let client = CSMClient(source: .fixed(credential), transport: CurlTransport())
            #expect(try await client.send(method: "GET", path: "organization/1").status == 200)

            home.sandbox.revokeAllGrants()
            home.sandbox.resetStats()
            let refused = try await client.send(method: "GET", path: "organization/1")
            #expect(refused.status == 401)
            #expect(home.sandbox.stats.apiRequests == 1)
            #expect(home.sandbox.stats.refreshGrants == 0)
        }
    }

    @Test func aCredentialThatCannotBeSentIsAFailureNotAUsageError() async throws {
        // A program's own credential (or one from a custom store) with a line break in its token.
        let credential = Credential(
            scheme: .bearer, token: Secret("abc\r\nX-Injected: 1"), expiresAt: nil, cloudID: "c1",
            apiURL: URL(string: "http://127.0.0.1:1")!)
        let client = CSMClient(source: .fixed(credential), transport: CurlTransport())
        let error = await #expect(throws: CSMAuthError.self) { try await client.send(method: "GET", path: "x") }
        #expect(error?.category == .failure)
        #expect(error?.message.contains("X-Injected") == false)
    }

    // MARK: Sites and paths

    @Test func aLoginWithoutASiteIsAUsageErrorUntilOneIsSelected() async throws {
        try await LoginHome.with(SandboxConfiguration(autoApprove: true, siteCount: 2)) { home in
            let outcome = try await home.logInByPaste()  // several sites, nobody chose
            #expect(outcome.site == nil)
            home.sandbox.resetStats()
            let client = Self.client(home)

            let error = await #expect(throws: CSMAuthError.self) {
                try await client.send(method: "GET", path: "organization/1")
            }
            #expect(error?.category == .usage)
            #expect(error?.message.contains("sites --select") == true)
            #expect(home.sandbox.stats.apiRequests == 0)

            try await Profiles(environment: home.environment).selectSite(
                home.sandbox.sites[1].url, among: outcome.sites, for: LoginHome.profile)
            #expect(try await client.send(method: "GET", path: "organization/1").status == 200)
            #expect(home.sandbox.stats.apiRequests == 1)
        }
    }

    @Test func aNextPageLinkIsFollowedOnTheProfilesOwnSite() async throws {
        try await LoginHome.with { home in
            try await home.logInByPaste()
            let cloudID = home.sandbox.sites[0].cloudID
            // A page whose next link names another host: only its path and query may be used.
            let page = Data(
                #"{"isLastPage":false,"values":[{"id":"1"}],"_links":{"next":"https://elsewhere.example/jsm/csm/cloudid/\#(cloudID)/api/v1/organization/2?start=50"}}"#
                    .utf8)
            let next = try #require(CSMClient.nextPagePath(from: page))
            #expect(next == "/api/v1/organization/2?start=50")
            home.sandbox.resetStats()

            let response = try await Self.client(home).send(method: "GET", path: next)
            #expect(response.status == 200)
            #expect(try Self.entity(response) == Entity(id: "2", name: "Globex Inc"))
            #expect(home.sandbox.stats.apiRequests == 1)
        }
    }

    @Test func theSandboxsFieldListIsOnePageWithoutANextLink() async throws {
        try await LoginHome.with { home in
            try await home.logInByPaste(scopes: ["read:customer.detail-field:jira-service-management"])
            let response = try await Self.client(home).send(method: "GET", path: "customer/details")
            #expect(response.status == 200)
            #expect(Self.text(response).contains("\"results\""))
            #expect(CSMClient.nextPagePath(from: response.body) == nil)
        }
    }

    // MARK: 429 and 503

    @Test func rateLimitedAnswersAreWaitedOutAsRetryAfterSays() async throws {
        // The sandbox's time moves with the recorded waits, so its rate limit sees them spent.
        let waits = Recorder<Duration>()
        let clock: @Sendable () -> Date = {
            Date().addingTimeInterval(waits.values.reduce(0) { $0 + Double($1.components.seconds) })
        }
        try await LoginHome.with(SandboxConfiguration(autoApprove: true, clock: clock)) { home in
            try await home.logInByPaste()
            home.sandbox.setFaults(SandboxFaults(rateLimit: .init(count: 2, retryAfter: 7)))
            home.sandbox.resetStats()
            let retries = Recorder<CSMClient.RetryNotice>()
            let client = CSMClient(
                source: .session(home.session()), transport: CurlTransport(),
                willRetry: { retries.append($0) }, sleep: { waits.append($0) })

            let response = try await client.send(method: "GET", path: "organization/1")
            #expect(response.status == 200)
            #expect(waits.values == [.seconds(7), .seconds(7)])
            #expect(
                retries.values == [
                    CSMClient.RetryNotice(status: 429, delay: .seconds(7), attempt: 1, reason: .retryAfter),
                    CSMClient.RetryNotice(status: 429, delay: .seconds(7), attempt: 2, reason: .retryAfter),
                ])
            #expect(home.sandbox.stats.apiRequests == 3)
        }
    }

    @Test func retriesStopAtTheLimitAndTheLastAnswerIsReturned() async throws {
        try await LoginHome.with { home in
            try await home.logInByPaste()
            home.sandbox.setFaults(SandboxFaults(serviceUnavailable: .init(count: 3, retryAfter: 4)))
            home.sandbox.resetStats()
            let waits = Recorder<Duration>()
            let client = CSMClient(
                source: .session(home.session()), transport: CurlTransport(), maximumRetries: 1,
                maximumRetryDelay: .seconds(5),
                sleep: { waits.append($0) })

            let response = try await client.send(method: "GET", path: "organization/1")
            #expect(response.status == 503)
            #expect(response.header("Retry-After") == "4")
            #expect(waits.values == [.seconds(4)])
            #expect(home.sandbox.stats.apiRequests == 2)
            #expect(home.sandbox.faults.serviceUnavailable?.count == 1)
        }
    }

    @Test func concurrentCallersWaitWithTheOneThatWasToldTo() async throws {
        try await LoginHome.with { home in
            try await home.logInByPaste()
            home.sandbox.setFaults(SandboxFaults(rateLimit: .init(count: 1, retryAfter: 2)))
            home.sandbox.resetStats()
            let session = home.session()
            // Every caller has a client of its own: the gate is the process's, one per site.
            let (told, tell) = AsyncStream<Void>.makeStream()
            let first = CSMClient(source: .session(session), transport: CurlTransport()) { _ in tell.yield() }
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                group.addTask { try await first.send(method: "GET", path: "organization/1").status }
                // The others start once the first has been told to wait: without a shared gate,
                // each would earn a 429 of its own (and a longer wait, retrying early).
                for await _ in told { break }
                for _ in 1..<8 {
                    group.addTask {
                        try await CSMClient(source: .session(session), transport: CurlTransport())
                            .send(method: "GET", path: "organization/1").status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            tell.finish()
            #expect(statuses == Array(repeating: 200, count: 8))
            #expect(home.sandbox.stats.rateLimited == 1)
            #expect(home.sandbox.stats.apiRequests == 9)
        }
    }

    @Test func aRetryAfterLongerThanTheMaximumIsOneRequestAndAnError() async throws {
        try await LoginHome.with { home in
            try await home.logInByPaste()
            home.sandbox.setFaults(SandboxFaults(rateLimit: .init(count: 1, retryAfter: 3600)))
            home.sandbox.resetStats()
            let api = CSMAPI(client: Self.client(home))
            let error = await #expect(throws: CSMRateLimitError.self) { try await api.organization(id: "1") }
            #expect(error?.requestedWait == .seconds(3600))
            #expect(error?.limitReason == "jira-burst-based")
            #expect(home.sandbox.stats.apiRequests == 1)
        }
    }

    @Test func answersNearTheLimitSlowTheNextRequestsDown() async throws {
        try await LoginHome.with { home in
            try await home.logInByPaste()
            home.sandbox.setFaults(SandboxFaults(nearLimit: true))
            let waits = Recorder<Duration>()
            var client = CSMClient(
                source: .session(home.session()), transport: CurlTransport(), sleep: { waits.append($0) })
            client.nearLimitSpacing = .seconds(60)
            #expect(try await client.send(method: "GET", path: "organization/1").status == 200)
            #expect(try await client.send(method: "GET", path: "organization/1").status == 200)
            #expect(waits.values.count == 1)
            #expect(waits.values.allSatisfy { $0 > .seconds(30) })
        }
    }

    @Test func theEnvironmentSetsTheLongestWait() throws {
        let environment = { (value: String) in CSMAuthEnvironment(variables: ["CSM_AUTH_MAX_RETRY_WAIT": value]) }
        #expect(try CSMClient.maximumRetryDelay(in: CSMAuthEnvironment(variables: [:])) == .seconds(60))
        #expect(try CSMClient.maximumRetryDelay(in: environment("")) == .seconds(60))
        #expect(try CSMClient.maximumRetryDelay(in: environment("2.5")) == .milliseconds(2500))
        #expect(try CSMClient.maximumRetryDelay(in: environment("0")) == .zero)
        for invalid in ["abc", "-1", "nan", "inf", "86401", "1e9", "60s"] {
            #expect(throws: CSMAuthError.self) { try CSMClient.maximumRetryDelay(in: environment(invalid)) }
        }
    }

    // MARK: Helpers

    static func client(_ home: LoginHome) -> CSMClient {
        CSMClient(source: .session(home.session()), transport: CurlTransport())
    }

    struct Entity: Decodable, Equatable {
        let id: String
        let name: String
    }

    static func entity(_ response: HTTPResponse) throws -> Entity {
        try JSONDecoder().decode(Entity.self, from: response.body)
    }

    static func text(_ response: HTTPResponse) -> String {
        String(decoding: response.body, as: UTF8.self)
    }

}
