import CSMSandbox
import Foundation
import TestSupport
import Testing

/// The CSM REST API: authentication, scopes, roles and the data rules, over real HTTP.
@Suite(.blocking) struct CSMAPITests {
    static let aliceID = "qm:5f0c1d2e-7a31-4c55-9d1e-000000000101"

    private func basic(
        _ server: SandboxServer, _ path: String, as user: SandboxUser, method: String = "GET",
        json: [String: Any]? = nil
    ) async throws -> HTTPResult {
        let url = server.apiBaseURL() + path
        if let json {
            let data = try JSONSerialization.data(withJSONObject: json)
            return try await Curl.request(
                method, url, headers: Flow.basic(user).merging(["Content-Type": "application/json"]) { $1 },
                bodyData: data)
        }
        return try await Curl.request(method, url, headers: Flow.basic(user))
    }

    // MARK: Authentication

    @Test func missingAuthorizationIsUnauthorized() async throws {
        try await withSandbox { server async throws in
            let answer = try await Curl.request(server.apiBaseURL() + "/customer/details")
            #expect(answer.status == 401)
            #expect(try answer.jsonObject()["code"] as? Int == 401)
        }
    }

    @Test func unknownBearerTokenIsUnauthorized() async throws {
        try await withSandbox { server async throws in
            #expect(try await Flow.api(server, "/customer/details", token: "made-up").status == 401)
        }
    }

    @Test func wrongAPITokenIsUnauthorized() async throws {
        try await withSandbox { server async throws in
            let answer = try await Curl.request(
                server.apiBaseURL() + "/customer/details", headers: Flow.basic(.agent, token: "wrong"))
            #expect(answer.status == 401)
        }
    }

    @Test func malformedBasicCredentialsAreUnauthorized() async throws {
        try await withSandbox { server async throws in
            let answer = try await Curl.request(
                server.apiBaseURL() + "/customer/details", headers: ["Authorization": "Basic !!!"])
            #expect(answer.status == 401)
        }
    }

    @Test func unknownCloudIDIsNotFound() async throws {
        try await withSandbox { server async throws in
            let tokens = try server.issueTokens()
            let answer = try await Curl.request(
                server.baseURL + "/jsm/csm/cloudid/00000000-0000-4000-8000-000000000000/api/v1/customer/details",
                headers: ["Authorization": "Bearer \(tokens.accessToken)"])
            #expect(answer.status == 404)
        }
    }

    @Test func tokenForAnotherSiteIsUnauthorized() async throws {
        try await withSandbox(.init(siteCount: 2)) { server async throws in
            let tokens = try server.issueTokens(cloudIDs: [server.sites[1].cloudID])
            let headers = ["Authorization": "Bearer \(tokens.accessToken)"]
            #expect(
                try await Curl.request(server.apiBaseURL(for: server.sites[0]) + "/organization/1", headers: headers)
                    .status == 401)
            #expect(
                try await Curl.request(server.apiBaseURL(for: server.sites[1]) + "/organization/1", headers: headers)
                    .status == 200)
            #expect(throws: SandboxServer.Error.self) { try server.issueTokens(cloudIDs: ["nope"]) }
        }
    }

    @Test func missingScopeIsUnauthorizedAsAtlassianAnswers() async throws {
        try await withSandbox { server async throws in
            let tokens = try server.issueTokens(scopes: ["read:customer:jira-service-management"])
            let answer = try await Flow.api(server, "/customer/details", token: tokens.accessToken)
            #expect(answer.status == 401)
            #expect(try answer.jsonObject()["message"] as? String == "Unauthorized; scope does not match")
            #expect(try await Flow.api(server, "/customer/\(Self.aliceID)", token: tokens.accessToken).status == 200)
        }
    }

    @Test func basicAuthWorksForEverySeededUser() async throws {
        try await withSandbox { server async throws in
            for user in SandboxUser.seeded where user.role != .customer {
                #expect(try await basic(server, "/organization/1", as: user).status == 200)
            }
        }
    }

    @Test func secondSiteServesItsOwnData() async throws {
        try await withSandbox(.init(siteCount: 2)) { server async throws in
            let tokens = try server.issueTokens()
            let second = server.sites[1]
            #expect(second.cloudID == "11111111-1111-4111-8111-000000000002")
            let url = server.apiBaseURL(for: second) + "/customer/details"
            let created = try await Curl.request(
                "POST", url,
                headers: ["Authorization": "Bearer \(tokens.accessToken)", "Content-Type": "application/json"],
                body: #"{"name":"Only Here","type":{"name":"TEXT"}}"#)
            #expect(created.status == 201)
            let first = try await Flow.api(server, "/customer/details", token: tokens.accessToken).jsonObject()
            let names = (first["results"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
            #expect(!names.contains("Only Here"))
        }
    }

    // MARK: Reading

    @Test func fieldDefinitionsHaveAtlassianShape() async throws {
        try await withSandbox { server async throws in
            let answer = try await basic(server, "/customer/details", as: .jiraAdministrator)
            #expect(answer.status == 200)
            let results = try #require(try answer.jsonObject()["results"] as? [[String: Any]])
            let region = try #require(results.first { $0["name"] as? String == "Region" })
            let type = try #require(region["type"] as? [String: Any])
            #expect(type["name"] as? String == "SELECT")
            #expect(type["options"] as? [String] == ["EU", "US", "APAC"])
            #expect((region["configuration"] as? [String: Any])?["position"] as? Int == 1)
        }
    }

    @Test func positionsCountFromOneInEveryAnswer() async throws {
        try await withSandbox { server async throws in
            func position(_ json: [String: Any]?) -> Int? {
                (json?["configuration"] as? [String: Any])?["position"] as? Int
            }
            let created = try await basic(
                server, "/customer/details", as: .jiraAdministrator, method: "POST",
                json: ["name": "Tier", "type": "TEXT"])
            #expect(position(try created.jsonObject()) == 7)
            let renamed = try await basic(
                server, "/customer/details/Tier", as: .jiraAdministrator, method: "PUT", json: ["name": "Level"])
            #expect(position(try renamed.jsonObject()) == 7)
            let details =
                try await basic(server, "/customer/\(Self.aliceID)", as: .agent).jsonObject()["details"]
                as? [[String: Any]]
            #expect(position(details?.first { $0["name"] as? String == "Region" }) == 1)
            #expect(position(details?.first { $0["name"] as? String == "Level" }) == 7)
        }
    }

    @Test func anAgentMayNotReadFieldDefinitions() async throws {
        try await withSandbox { server async throws in
            let answer = try await basic(server, "/organization/details", as: .agent)
            #expect(answer.status == 403)
            #expect(
                try answer.jsonObject()["errorMessage"] as? String
                    == "You need the Administer Jira global permission to view organization detail fields.")
        }
    }

    @Test func customerHasDetailsAndOrganizations() async throws {
        try await withSandbox { server async throws in
            let json = try await basic(server, "/customer/\(Self.aliceID)", as: .agent).jsonObject()
            #expect(json["id"] as? String == Self.aliceID)
            #expect(json["name"] as? String == "Alice Zhang")
            let details = try #require(json["details"] as? [[String: Any]])
            let level = try #require(details.first { $0["name"] as? String == "Support Level" })
            #expect(level["values"] as? [String] == ["Gold"])
            #expect(level["id"] as? String != nil)
            let organizations = try #require(json["organizations"] as? [[String: Any]])
            #expect(organizations.first?["name"] as? String == "Acme Corporation")
        }
    }

    @Test func organizationHasDetails() async throws {
        try await withSandbox { server async throws in
            let json = try await basic(server, "/organization/1", as: .agent).jsonObject()
            #expect(json["name"] as? String == "Acme Corporation")
            let details = try #require(json["details"] as? [[String: Any]])
            #expect(details.first { $0["name"] as? String == "Employees" }?["values"] as? [String] == ["1200"])
        }
    }

    @Test func unknownCustomerIsNotFound() async throws {
        try await withSandbox { server async throws in
            let answer = try await basic(server, "/customer/qm:nobody", as: .agent)
            #expect(answer.status == 404)
            #expect(try answer.jsonObject()["errorMessage"] != nil)
        }
    }

    @Test func unknownRouteIsNotFoundJSON() async throws {
        try await withSandbox { server async throws in
            let api = try await basic(server, "/nothing/here", as: .agent)
            #expect(api.status == 404)
            #expect(api.headers["content-type"]?.hasPrefix("application/json") == true)
            let root = try await Curl.request(server.baseURL + "/no/such/path")
            #expect(root.status == 404)
            #expect(try root.jsonObject()["code"] as? Int == 404)
        }
    }

    // MARK: Roles

    @Test func aCustomerReadsNoRecords() async throws {
        try await withSandbox { server async throws in
            #expect(try await basic(server, "/customer/\(Self.aliceID)", as: .customer).status == 403)
            #expect(try await basic(server, "/organization/1", as: .customer).status == 403)
            #expect(try await basic(server, "/customer/details", as: .customer).status == 403)
            let update = try await basic(
                server, "/customer/\(SandboxUser.customer.accountID)/details?fieldName=Region", as: .customer,
                method: "PUT",
                json: ["values": ["US"]])
            #expect(update.status == 403)
        }
    }

    @Test func aCustomerMayNotUpdateValuesAndIsToldWhat() async throws {
        try await withSandbox { server async throws in
            let entitlement = try await basic(
                server, "/entitlement/7f1b2c3d-8e9f-4a0b-8c1d-000000000001/details?fieldName=Seats", as: .customer,
                method: "PUT",
                json: ["values": ["1"]])
            #expect(entitlement.status == 403)
            #expect(
                try entitlement.jsonObject()["errorMessage"] as? String
                    == "You do not have permission to update entitlements.")
            let organization = try await basic(
                server, "/organization/1/details?fieldName=Employees", as: .customer, method: "PUT",
                json: ["values": ["1"]])
            #expect(organization.status == 403)
            #expect(
                try organization.jsonObject()["errorMessage"] as? String
                    == "You do not have permission to update this organization.")
        }
    }

    @Test func profileReadsAndFetchesNameTheirKind() async throws {
        try await withSandbox { server async throws in
            func error(_ method: String, _ path: String, as user: SandboxUser = .agent, body: String? = nil)
                async throws -> String?
            {
                let headers = Flow.basic(user).merging([
                    "Content-Type": "application/json", "X-ExperimentalApi": "opt-in",
                ]) { $1 }
                return try await Curl.request(method, server.apiBaseURL() + path, headers: headers, body: body)
                    .jsonObject()["errorMessage"] as? String
            }
            #expect(try await error("GET", "/customer/profile/nobody") == "No customer with id 'nobody'.")
            #expect(try await error("GET", "/organization/profile/99") == "No organization with id '99'.")
            #expect(
                try await error("GET", "/organization/profile/1", as: .customer)
                    == "You do not have permission to view organization profiles.")
            #expect(
                try await error("POST", "/customer/profile/fetch", as: .customer, body: #"{"customerIds":["x"]}"#)
                    == "You do not have permission to view customer profiles.")
            #expect(
                try await error("POST", "/customer/profile/fetch", body: #"{"customerIds":[]}"#)
                    == #"The body must be {"customerIds":[…]} with 1 to 25 ids."#)
            #expect(
                try await error("POST", "/organization/profile/fetch", body: #"{"customerIds":["1"]}"#)
                    == #"The body must be {"organizationIds":[…]} with 1 to 25 ids."#)
        }
    }

    @Test func agentCannotManageDetailFields() async throws {
        try await withSandbox { server async throws in
            let create = try await basic(
                server, "/customer/details", as: .agent, method: "POST",
                json: ["name": "Tier", "type": ["name": "TEXT"]])
            #expect(create.status == 403)
            #expect(
                try await basic(server, "/organization/details/Industry", as: .agent, method: "DELETE").status == 403)
            #expect(
                try await basic(server, "/customer/details/Region", as: .agent, method: "PUT", json: ["name": "Area"])
                    .status == 403)
        }
    }

    @Test func aJiraAdministratorManagesDetailFields() async throws {
        try await withSandbox { server async throws in
            let created = try await basic(
                server, "/customer/details", as: .jiraAdministrator, method: "POST",
                json: ["name": "Tier", "type": ["name": "SELECT", "options": ["A", "B"]]])
            #expect(created.status == 201)
            #expect((try created.jsonObject()["type"] as? [String: Any])?["options"] as? [String] == ["A", "B"])

            let renamed = try await basic(
                server, "/customer/details/Tier", as: .jiraAdministrator, method: "PUT",
                json: ["name": "Customer Tier", "type": ["name": "SELECT", "options": ["A", "B", "C"]]])
            #expect(renamed.status == 200)
            #expect(try renamed.jsonObject()["name"] as? String == "Customer Tier")

            let deleted = try await basic(
                server, "/customer/details/Customer%20Tier", as: .jiraAdministrator, method: "DELETE")
            #expect(deleted.status == 204)
            #expect(
                try await basic(server, "/customer/details/Customer%20Tier", as: .jiraAdministrator, method: "DELETE")
                    .status == 404)
        }
    }

    @Test func agentUpdatesCustomerAndOrganizationValues() async throws {
        try await withSandbox { server async throws in
            let tokens = try server.issueTokens(for: "agent@sandbox.example")
            let customer = try await Flow.api(
                server, "/customer/\(Self.aliceID)/details?fieldName=Region", method: "PUT", token: tokens.accessToken,
                json: ["values": ["US"]])
            #expect(customer.status == 200)
            let read = try await Flow.api(server, "/customer/\(Self.aliceID)", token: tokens.accessToken).jsonObject()
            let region = (read["details"] as? [[String: Any]])?.first { $0["name"] as? String == "Region" }
            #expect(region?["values"] as? [String] == ["US"])

            let organization = try await Flow.api(
                server, "/organization/2/details?fieldName=Key%20Account", method: "PUT", token: tokens.accessToken,
                json: ["values": ["true"]])
            #expect(organization.status == 200)
        }
    }

    // MARK: Validation

    @Test func valueOutsideTheOptionsIsBadRequest() async throws {
        try await withSandbox { server async throws in
            let answer = try await basic(
                server, "/customer/\(Self.aliceID)/details?fieldName=Region", as: .agent, method: "PUT",
                json: ["values": ["Mars"]])
            #expect(answer.status == 400)
            #expect((try answer.jsonObject()["errorMessage"] as? String)?.contains("Mars") == true)
        }
    }

    @Test(arguments: [
        ("Phone", ["call me"]), ("Contract Start", ["2024-02-30"]), ("Region", ["EU", "US"]),
        ("Products", ["Jira", "Jira"]), ("Products", ["Jira", "Excel"]),
    ])
    func invalidCustomerValuesAreBadRequests(field: String, values: [String]) async throws {
        try await withSandbox { server async throws in
            let path = "/customer/\(Self.aliceID)/details?fieldName=\(field.replacingOccurrences(of: " ", with: "%20"))"
            #expect(try await basic(server, path, as: .agent, method: "PUT", json: ["values": values]).status == 400)
        }
    }

    @Test(arguments: [
        ("Employees", ["many"]), ("Website", ["ftp://x"]), ("Key Account", ["yes"]), ("Billing Email", ["nobody"]),
    ])
    func invalidOrganizationValuesAreBadRequests(field: String, values: [String]) async throws {
        try await withSandbox { server async throws in
            let path = "/organization/1/details?fieldName=\(field.replacingOccurrences(of: " ", with: "%20"))"
            #expect(try await basic(server, path, as: .agent, method: "PUT", json: ["values": values]).status == 400)
        }
    }

    @Test func multiselectTakesSeveralValues() async throws {
        try await withSandbox { server async throws in
            let answer = try await basic(
                server, "/customer/\(Self.aliceID)/details?fieldName=Products", as: .agent, method: "PUT",
                json: ["values": ["Jira", "Loom", "Bitbucket"]])
            #expect(answer.status == 200)
        }
    }

    @Test func missingFieldNameIsBadRequest() async throws {
        try await withSandbox { server async throws in
            #expect(
                try await basic(
                    server, "/customer/\(Self.aliceID)/details", as: .agent, method: "PUT", json: ["values": ["EU"]]
                ).status == 400)
        }
    }

    @Test func unknownFieldIsNotFound() async throws {
        try await withSandbox { server async throws in
            #expect(
                try await basic(
                    server, "/customer/\(Self.aliceID)/details?fieldName=Nope", as: .agent, method: "PUT",
                    json: ["values": ["x"]]
                ).status == 404)
        }
    }

    @Test func fieldWithoutOptionsOrWithUnknownTypeIsBadRequest() async throws {
        try await withSandbox { server async throws in
            #expect(
                try await basic(
                    server, "/customer/details", as: .jiraAdministrator, method: "POST",
                    json: ["name": "X", "type": ["name": "SELECT"]]
                ).status == 400)
            #expect(
                try await basic(
                    server, "/customer/details", as: .jiraAdministrator, method: "POST",
                    json: ["name": "X", "type": ["name": "COLOUR"]]
                ).status == 400)
            #expect(
                try await basic(
                    server, "/customer/details", as: .jiraAdministrator, method: "POST",
                    json: ["name": "region", "type": ["name": "TEXT"]]
                ).status == 400)
        }
    }

    @Test func atMostFiftyFieldsPerKind() async throws {
        try await withSandbox { server async throws in
            let existing = try await basic(server, "/organization/details", as: .jiraAdministrator).jsonObject()
            let count = (existing["results"] as? [Any])?.count ?? 0
            for index in count..<50 {
                let answer = try await basic(
                    server, "/organization/details", as: .jiraAdministrator, method: "POST",
                    json: ["name": "Field \(index)", "type": "TEXT"])
                #expect(answer.status == 201)
            }
            let overflow = try await basic(
                server, "/organization/details", as: .jiraAdministrator, method: "POST",
                json: ["name": "One Too Many", "type": "TEXT"])
            #expect(overflow.status == 400)
        }
    }
}
