import CSMSandbox
import Foundation
import TestSupport
import Testing

/// accessible-resources, tenant_info and `/me`.
@Suite(.blocking) struct SitesTests {
    @Test func accessibleResourcesListsEverySiteOncePerProduct() async throws {
        try await withSandbox(.init(siteCount: 3)) { server async throws in
            let tokens = try server.issueTokens()
            let answer = try await Curl.request(
                server.baseURL + "/oauth/token/accessible-resources",
                headers: ["Authorization": "Bearer \(tokens.accessToken)"])
            #expect(answer.status == 200)
            let entries = try answer.jsonArray()
            #expect(entries.count == 6)
            #expect(Set(entries.compactMap { $0["id"] as? String }).count == 3)
            let acme = entries.filter { $0["id"] as? String == "11111111-1111-4111-8111-000000000001" }
            #expect(acme.count == 2)
            #expect(
                acme.allSatisfy {
                    $0["name"] as? String == "Acme Support" && $0["url"] as? String == server.baseURL + "/site/acme"
                })
            #expect(acme.allSatisfy { ($0["avatarUrl"] as? String)?.isEmpty == false })
            let scopeLists = acme.compactMap { $0["scopes"] as? [String] }
            #expect(scopeLists.count == 2 && scopeLists[0] != scopeLists[1])
            #expect(scopeLists[0].contains("read:customer:jira-service-management"))
            #expect(server.stats.accessibleResources == 1)
        }
    }

    @Test func chosenSiteIsListedFirst() async throws {
        try await withSandbox(.init(siteCount: 2)) { server async throws in
            let code = try await Flow.code(server, site: "globex")
            let tokens = try await Flow.exchange(server, code: code).jsonObject()
            let entries = try await Curl.request(
                server.baseURL + "/oauth/token/accessible-resources",
                headers: ["Authorization": "Bearer \(tokens["access_token"] as! String)"]
            ).jsonArray()
            #expect(entries.first?["name"] as? String == "Globex Help")
            #expect(entries.count == 4)
        }
    }

    @Test func accessibleResourcesNeedsABearerToken() async throws {
        try await withSandbox { server async throws in
            let url = server.baseURL + "/oauth/token/accessible-resources"
            #expect(try await Curl.request(url).status == 401)
            #expect(try await Curl.request(url, headers: Flow.basic(.agent)).status == 401)
            #expect(try await Curl.request(url, headers: ["Authorization": "Bearer made-up"]).status == 401)
        }
    }

    @Test func tenantInfoAnswersTheCloudID() async throws {
        try await withSandbox(.init(siteCount: 2)) { server async throws in
            let root = try await Curl.request(server.baseURL + "/_edge/tenant_info").jsonObject()
            #expect(root["cloudId"] as? String == "11111111-1111-4111-8111-000000000001")
            let globex = try await Curl.request(server.sites[1].url + "/_edge/tenant_info").jsonObject()
            #expect(globex["cloudId"] as? String == "11111111-1111-4111-8111-000000000002")
            #expect(try await Curl.request(server.baseURL + "/site/nowhere/_edge/tenant_info").status == 404)
            #expect(server.stats.tenantInfo == 3)
        }
    }

    @Test func siteNamesAndSlugsAreDocumented() async throws {
        try await withSandbox(.init(siteCount: 3)) { server async throws in
            #expect(server.sites.map(\.slug) == ["acme", "globex", "initech"])
            #expect(server.sites.map(\.name) == ["Acme Support", "Globex Help", "Initech Service"])
            #expect(server.sites.map(\.url) == server.sites.map { server.baseURL + "/site/" + $0.slug })
        }
    }

    @Test func meAnswersWithTheFieldsAtlassianSends() async throws {
        try await withSandbox { server async throws in
            let tokens = try server.issueTokens(for: "agent@sandbox.example")
            let me = try await Curl.request(
                server.baseURL + "/me", headers: ["Authorization": "Bearer \(tokens.accessToken)"])
            #expect(me.status == 200)
            let body = try me.jsonObject()
            #expect(body["account_id"] as? String == SandboxUser.agent.accountID)
            #expect(body["email"] as? String == "agent@sandbox.example")
            #expect(body["name"] as? String == "Avery Agent")
            #expect(body["nickname"] as? String == "Avery")
            #expect((body["picture"] as? String)?.hasPrefix("https://") == true)
            #expect(body["account_type"] as? String == "atlassian")
            #expect(body["account_status"] as? String == "active")
        }
    }

    @Test func meWithoutATokenIsUnauthorized() async throws {
        try await withSandbox { server async throws in
            #expect(try await Curl.request(server.baseURL + "/me").status == 401)
            #expect(
                try await Curl.request(server.baseURL + "/me", headers: ["Authorization": "Bearer not-a-token"]).status
                    == 401)
        }
    }

    @Test func meNeedsTheReadMeScope() async throws {
        try await withSandbox { server async throws in
            let full = try server.issueTokens(for: "sdadmin@sandbox.example")
            let me = try await Curl.request(
                server.baseURL + "/me", headers: ["Authorization": "Bearer \(full.accessToken)"])
            #expect(try me.jsonObject()["account_id"] as? String == SandboxUser.serviceDeskAdministrator.accountID)
            let narrow = try server.issueTokens(scopes: ["read:customer:jira-service-management"])
            #expect(
                try await Curl.request(
                    server.baseURL + "/me", headers: ["Authorization": "Bearer \(narrow.accessToken)"]
                ).status == 401)
            let refused = try await Curl.request(
                server.baseURL + "/me", headers: ["Authorization": "Bearer \(narrow.accessToken)"])
            #expect(refused.body.contains("scope does not match"))
        }
    }
}
