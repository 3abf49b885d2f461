import CSMSandbox
import Foundation
import TestSupport
import Testing

/// The permissions and limits Atlassian documents (docs/sandbox.md, "Permissions and limits as
/// Atlassian documents them"): each refusal on its own, so a program tested only against the
/// sandbox meets them too.
@Suite(.blocking) struct AtlassianRulesTests {
    static let aliceID = "qm:5f0c1d2e-7a31-4c55-9d1e-000000000101"

    /// Sends `body` (JSON text) as `user` with Basic auth and the experimental opt-in.
    private func call(
        _ server: SandboxServer, _ method: String, _ path: String, as user: SandboxUser, body: String? = nil,
        headers: [String: String] = [:]
    ) async throws -> HTTPResult {
        var all = Flow.basic(user).merging(["X-ExperimentalApi": "opt-in"]) { $1 }
        if body != nil { all["Content-Type"] = "application/json" }
        all.merge(headers) { $1 }
        return try await Curl.request(method, server.apiBaseURL() + path, headers: all, body: body)
    }

    /// A 403 whose `errorMessage` names the Administer Jira global permission.
    private func expectNeedsAdministerJira(_ answer: HTTPResult, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        #expect(answer.status == 403, "\(answer.body)", sourceLocation: sourceLocation)
        let message = try answer.jsonObject()["errorMessage"] as? String
        #expect(message?.contains("Administer Jira") == true, "\(answer.body)", sourceLocation: sourceLocation)
    }

    // MARK: The Administer Jira global permission

    @Test func aServiceDeskAdministratorCannotReadTheDetailFields() async throws {
        try await withSandbox { server async throws in
            for kind in ["customer", "organization", "entitlement"] {
                try expectNeedsAdministerJira(
                    try await call(server, "GET", "/\(kind)/details", as: .serviceDeskAdministrator))
            }
            #expect(try await call(server, "GET", "/customer/details", as: .jiraAdministrator).status == 200)
        }
    }

    @Test func aServiceDeskAdministratorCannotCreateADetailField() async throws {
        try await withSandbox { server async throws in
            let body = #"{"name":"Tier","type":{"name":"TEXT"}}"#
            try expectNeedsAdministerJira(
                try await call(server, "POST", "/customer/details", as: .serviceDeskAdministrator, body: body))
            #expect(
                try await call(server, "POST", "/customer/details", as: .jiraAdministrator, body: body).status == 201)
        }
    }

    @Test func aServiceDeskAdministratorCannotEditADetailField() async throws {
        try await withSandbox { server async throws in
            try expectNeedsAdministerJira(
                try await call(
                    server, "PUT", "/organization/details/Industry", as: .serviceDeskAdministrator,
                    body: #"{"name":"Sector"}"#))
        }
    }

    @Test func aServiceDeskAdministratorCannotDeleteADetailField() async throws {
        try await withSandbox { server async throws in
            try expectNeedsAdministerJira(
                try await call(server, "DELETE", "/customer/details/Notes", as: .serviceDeskAdministrator))
            // Nothing was deleted.
            #expect(try await call(server, "DELETE", "/customer/details/Notes", as: .jiraAdministrator).status == 204)
        }
    }

    @Test func aServiceDeskAdministratorCannotCreateACustomerAccount() async throws {
        try await withSandbox { server async throws in
            try expectNeedsAdministerJira(
                try await call(
                    server, "POST", "/customer", as: .serviceDeskAdministrator,
                    body: #"{"email":"erin@example.com","displayName":"Erin"}"#))
        }
    }

    @Test func aServiceDeskAdministratorCannotDeleteAnOrganization() async throws {
        try await withSandbox { server async throws in
            try expectNeedsAdministerJira(
                try await call(server, "DELETE", "/organization/3", as: .serviceDeskAdministrator))
            #expect(try await call(server, "GET", "/organization/3", as: .serviceDeskAdministrator).status == 200)
        }
    }

    @Test func aServiceDeskAdministratorSeesNoEmailsInSearchResults() async throws {
        try await withSandbox { server async throws in
            let body = #"{"detailFields":[{"name":"Region","value":"EU"}]}"#
            func emails(_ user: SandboxUser) async throws -> [String?] {
                let answer = try await call(server, "POST", "/customer/search-by-detail-field", as: user, body: body)
                try #require(answer.status == 200, "\(answer.body)")
                let results = try #require(try answer.jsonObject()["results"] as? [[String: Any]])
                try #require(!results.isEmpty)
                return results.map { $0["email"] as? String }
            }
            #expect(try await emails(.serviceDeskAdministrator).allSatisfy { $0 == nil })
            #expect(try await emails(.jiraAdministrator).allSatisfy { $0 != nil })
        }
    }

    // MARK: An agent

    @Test func aCustomerCannotReadTheirOwnCustomerRecord() async throws {
        try await withSandbox { server async throws in
            let own = try await call(server, "GET", "/customer/\(SandboxUser.customer.accountID)", as: .customer)
            #expect(own.status == 403, "\(own.body)")
            #expect(try own.jsonObject()["errorMessage"] is String)
            #expect(!own.body.contains(SandboxUser.customer.email))
        }
    }

    // MARK: Scopes

    @Test func theBroadWriteScopeCannotSetADetailValue() async throws {
        try await withSandbox { server async throws in
            let broad = try server.issueTokens(
                for: SandboxUser.agent.email, scopes: ["write:customer:jira-service-management"])
            let refused = try await Flow.api(
                server, "/customer/\(Self.aliceID)/details?fieldName=Region", method: "PUT",
                token: broad.accessToken, json: ["values": ["US"]])
            #expect(refused.status == 401)
            #expect(try refused.jsonObject()["message"] as? String == "Unauthorized; scope does not match")
            let detail = try server.issueTokens(
                for: SandboxUser.agent.email, scopes: ["write:customer.detail:jira-service-management"])
            let accepted = try await Flow.api(
                server, "/customer/\(Self.aliceID)/details?fieldName=Region", method: "PUT",
                token: detail.accessToken, json: ["values": ["US"]])
            #expect(accepted.status == 200, "\(accepted.body)")
        }
    }

    // MARK: Bulk calls

    @Test func aBareArrayBulkBodyIsABadRequest() async throws {
        try await withSandbox { server async throws in
            let answer = try await call(
                server, "POST", "/organization/bulk", as: .agent,
                body: #"[{"operationType":"CREATE","payload":{"name":"Umbrella"}}]"#,
                headers: ["Idempotency-Key": "bare-array"])
            #expect(answer.status == 400)
            let message = try #require(try answer.jsonObject()["errorMessage"] as? String, "\(answer.body)")
            #expect(message.contains("'organizations'"))
            // The documented object is accepted.
            let object = try await call(
                server, "POST", "/organization/bulk", as: .agent,
                body: #"{"organizations":[{"operationType":"CREATE","payload":{"name":"Umbrella"}}]}"#,
                headers: ["Idempotency-Key": "object"])
            #expect(object.status == 200, "\(object.body)")
        }
    }

    @Test func anEleventhUnfinishedBulkTaskIsRefused() async throws {
        try await withSandbox(SandboxConfiguration(bulkTaskDelay: 3600)) { server async throws in
            func submit(_ index: Int) async throws -> HTTPResult {
                try await call(
                    server, "POST", "/organization/bulk", as: .agent,
                    body: #"{"organizations":[{"operationType":"CREATE","payload":{"name":"Org \#(index)"}}]}"#,
                    headers: ["Idempotency-Key": "task-\(index)"])
            }
            for index in 1...10 {
                let accepted = try await submit(index)
                #expect(accepted.status == 200, "task \(index): \(accepted.body)")
            }
            let eleventh = try await submit(11)
            #expect(eleventh.status == 400)
            #expect(try eleventh.jsonObject()["errorMessage"] as? String == "Maximum number of tasks reached")
        }
    }

    // MARK: Raising an issue on a help centre

    @Test func raiseAnswersALinkToTheRaisedIssue() async throws {
        try await withSandbox { server async throws in
            let answer = try await call(server, "POST", "/helpcenter/2/issue/CSM-2/raise", as: .agent)
            #expect(answer.status == 200, "\(answer.body)")
            let link = try #require(try answer.jsonObject()["link"] as? String)
            #expect(link == server.sites[0].url + "/servicedesk/customer/portal/2/CSM-2")
        }
    }
}
