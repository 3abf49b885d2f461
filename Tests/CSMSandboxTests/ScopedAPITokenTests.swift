import CSMSandbox
import Foundation
import TestSupport
import Testing

/// API tokens with scopes work through the gateway only, as at Atlassian; `myself` through the
/// gateway answers Basic and Bearer callers.
@Suite(.blocking) struct ScopedAPITokenTests {
    @Test func aScopedTokenIsRefusedAtTheSiteAndAcceptedAtTheGateway() async throws {
        try await withSandbox { server async throws in
            let token = try #require(server.createScopedAPIToken(email: SandboxUser.agent.email))
            let headers = Flow.basic(.agent, token: token)
            let site = try await Curl.request(server.sites[0].url + "/rest/api/3/myself", headers: headers)
            #expect(site.status == 401)
            let gateway = try await Curl.request(
                server.baseURL + "/ex/jira/\(server.sites[0].cloudID)/rest/api/3/myself", headers: headers)
            #expect(gateway.status == 200)
            #expect(try gateway.jsonObject()["emailAddress"] as? String == SandboxUser.agent.email)
            let csm = try await Curl.request(server.apiBaseURL() + "/organization/1", headers: headers)
            #expect(csm.status == 200)
        }
    }

    @Test func aScopedTokenIsLimitedToItsScopes() async throws {
        try await withSandbox { server async throws in
            let token = try #require(
                server.createScopedAPIToken(
                    email: SandboxUser.agent.email, scopes: ["read:organization:jira-service-management"]))
            let headers = Flow.basic(.agent, token: token)
            let myself = try await Curl.request(
                server.baseURL + "/ex/jira/\(server.sites[0].cloudID)/rest/api/3/myself", headers: headers)
            #expect(myself.status == 401)
            #expect(try await Curl.request(server.apiBaseURL() + "/organization/1", headers: headers).status == 200)
        }
    }

    @Test func anUnscopedTokenWorksAtBoth() async throws {
        try await withSandbox { server async throws in
            let headers = Flow.basic(.agent)
            #expect(try await Curl.request(server.sites[0].url + "/rest/api/3/myself", headers: headers).status == 200)
            let gateway = try await Curl.request(
                server.baseURL + "/ex/jira/\(server.sites[0].cloudID)/rest/api/3/myself", headers: headers)
            #expect(gateway.status == 200)
        }
    }

    @Test func gatewayMyselfAnswersAnOAuthTokenWithItsScope() async throws {
        try await withSandbox { server async throws in
            let url = server.baseURL + "/ex/jira/\(server.sites[0].cloudID)/rest/api/3/myself"
            let withScope = try server.issueTokens(scopes: ["read:jira-user"])
            let answer = try await Curl.request(url, headers: ["Authorization": "Bearer \(withScope.accessToken)"])
            #expect(answer.status == 200)
            #expect(try answer.jsonObject()["accountId"] as? String == SandboxUser.jiraAdministrator.accountID)
            let without = try server.issueTokens(scopes: ["read:me"])
            #expect(
                try await Curl.request(url, headers: ["Authorization": "Bearer \(without.accessToken)"]).status == 401)
        }
    }

    @Test func anAPITokenIsCreatedThroughTheControlEndpoint() async throws {
        try await withSandbox { server async throws in
            let created = try await Curl.request(
                "POST", server.baseURL + "/_sandbox/api-tokens", body: #"{"email":"agent@sandbox.example"}"#)
            #expect(created.status == 201)
            let token = try #require(try created.jsonObject()["token"] as? String)
            let gateway = try await Curl.request(
                server.baseURL + "/ex/jira/\(server.sites[0].cloudID)/rest/api/3/myself",
                headers: Flow.basic(.agent, token: token))
            #expect(gateway.status == 200)
            let unknown = try await Curl.request(
                "POST", server.baseURL + "/_sandbox/api-tokens", body: #"{"email":"nobody@sandbox.example"}"#)
            #expect(unknown.status == 404)
        }
    }
}
