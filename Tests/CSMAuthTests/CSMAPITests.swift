import CSMSandbox
import Foundation
import TestSupport
import Testing

@testable import CSMAPI
@testable import CSMAuth

/// The typed calls against the sandbox's CSM API, each with its documented errors.
@Suite(.waiting, .serialized) struct CSMAPITests {
    // MARK: Detail-field definitions

    @Test func listsTheFieldsOfEachKind() async throws {
        try await APILogin.with { api, _ in
            let customer = try await api.detailFields(of: .customer)
            #expect(
                customer.map(\.name) == ["Region", "Support Level", "Products", "Phone", "Contract Start", "Notes"])
            #expect(customer[0].type == CSMDetailFieldType(name: "SELECT", options: ["EU", "US", "APAC"]))
            #expect(customer[0].position == 1)
            let organization = try await api.detailFields(of: .organization)
            #expect(organization.first?.name == "Industry")
        }
    }

    @Test func createsRenamesChangesOptionsAndDeletesAField() async throws {
        try await APILogin.with { api, _ in
            let created = try await api.createDetailField(
                of: .organization, name: "Tier", type: CSMDetailFieldType(name: "SELECT", options: ["A", "B"]))
            #expect(created.name == "Tier")
            #expect(created.type.options == ["A", "B"])

            let renamed = try await api.updateDetailField(
                of: .organization, named: "Tier", newName: "Tier / Level", options: ["A", "B", "C"])
            #expect(renamed.name == "Tier / Level")
            #expect(renamed.type.options == ["A", "B", "C"])
            // A name with a slash is one path segment.
            try await api.deleteDetailField(of: .organization, named: "Tier / Level")
            #expect(try await api.detailFields(of: .organization).contains { $0.name.hasPrefix("Tier") } == false)
        }
    }

    @Test func aDuplicateFieldNameIsABadRequest() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.createDetailField(of: .customer, name: "Region", type: CSMDetailFieldType(name: "TEXT"))
            }
            #expect(error?.status == 400)
            #expect(error?.category == .usage)
            #expect(error?.messages.isEmpty == false)
            #expect(error?.description.hasPrefix("POST customer/details answered HTTP 400: ") == true)
        }
    }

    @Test func deletingAnUnknownFieldIsNotFound() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.deleteDetailField(of: .customer, named: "Nope")
            }
            #expect(error?.status == 404)
            #expect(error?.category == .failure)
        }
    }

    @Test func anAgentMayNotManageFields() async throws {
        try await APILogin.with(.agent) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.createDetailField(of: .customer, name: "Tier", type: CSMDetailFieldType(name: "TEXT"))
            }
            #expect(error?.status == 403)
            #expect(error?.messages.first?.contains("Administer Jira") == true)
        }
    }

    // MARK: Records

    @Test func readsACustomerWithItsOrganizations() async throws {
        try await APILogin.with { api, _ in
            let chen = try await api.customer(id: APILogin.chen)
            #expect(chen.name == "Chen Wei")
            #expect(chen.email == "chen.wei@initech.example")
            #expect(chen.organizations.map(\.name) == ["Initech", "Acme Corporation"])
            #expect(chen.details.count == 6)
        }
    }

    @Test func readsAnOrganizationAndSetsADetail() async throws {
        try await APILogin.with { api, _ in
            let acme = try await api.organization(id: "1")
            #expect(acme.name == "Acme Corporation")
            #expect(acme.values(of: "industry") == ["Manufacturing"])
            let updated = try await api.setDetail(of: .organization, id: "1", field: "Industry", values: ["Retail"])
            #expect(updated.values(of: "Industry") == ["Retail"])
            #expect(try await api.organization(id: "1").values(of: "Industry") == ["Retail"])
            let cleared = try await api.setDetail(of: .organization, id: "1", field: "Industry", values: [])
            #expect(cleared.values(of: "Industry").isEmpty)
        }
    }

    @Test func aValueThatIsNotAnOptionIsABadRequest() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.setDetail(of: .organization, id: "1", field: "Industry", values: ["Space"])
            }
            #expect(error?.status == 400)
        }
    }

    @Test func anUnknownRecordIsNotFound() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) { try await api.organization(id: "999") }
            #expect(error?.status == 404)
            #expect(error?.request == "GET organization/999")
        }
    }

    @Test func aCustomerCannotReadTheirOwnCustomerRecord() async throws {
        try await APILogin.with(.customer) { api, _ async throws in
            let own = await #expect(throws: CSMAPIError.self) {
                try await api.customer(id: SandboxUser.customer.accountID)
            }
            #expect(own?.status == 403)
            let other = await #expect(throws: CSMAPIError.self) { try await api.customer(id: APILogin.chen) }
            #expect(other?.status == 403)
        }
    }

    @Test func aServiceDeskAdministratorCannotCreateADetailField() async throws {
        try await APILogin.with(.serviceDeskAdministrator) { api, _ async throws in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.createDetailField(of: .customer, name: "Tier", type: CSMDetailFieldType(name: "TEXT"))
            }
            #expect(error?.status == 403)
            #expect(error?.messages.first?.contains("Administer Jira") == true)
        }
    }

    @Test func syntheticCustomersAreAddedToTheSeededOnes() async throws {
        try await APILogin.with(SandboxConfiguration(autoApprove: true, syntheticCustomers: 5)) { api, _ in
            let fifth = try await api.customer(id: "qm:synthetic-000005")
            #expect(fifth.name == "Customer 5")
            #expect(fifth.email == "customer5@synthetic.example")
            #expect(fifth.values(of: "Region") == ["US"])
            let error = await #expect(throws: CSMAPIError.self) { try await api.customer(id: "qm:synthetic-000006") }
            #expect(error?.status == 404)
        }
    }

    // MARK: Scopes

    /// The settings say the scope is granted (the app lost it since, say), so the call goes out:
    /// Atlassian's 401 "scope does not match" is what tells.
    @Test func aMissingScopeAsksForALoginWithItAndMakesNoRefresh() async throws {
        try await APILogin.with(
            SandboxConfiguration(autoApprove: true), scopes: ["read:customer:jira-service-management"]
        ) { api, home in
            var settings = try #require(try home.settings())
            settings.scopes.append("read:organization:jira-service-management")
            try await Profiles(environment: home.environment).save(settings, as: LoginHome.profile)
            home.sandbox.resetStats()
            let error = await #expect(throws: CSMAPIError.self) { try await api.organization(id: "1") }
            #expect(error?.status == 401)
            #expect(error?.missingScope == "read:organization:jira-service-management")
            #expect(error?.category == .loginRequired)
            #expect(
                error?.description.contains(
                    "log in again with `csm-auth login --profile work --scope read:organization:jira-service-management`"
                ) == true)
            #expect(home.sandbox.stats.refreshGrants == 0)
            #expect(home.sandbox.stats.apiRequests == 1)
        }
    }

    // MARK: Queries

    /// A query that is not valid percent-encoding read as no query at all: `limit=%FF` answered
    /// the default page instead of a 400.
    @Test func aMalformedQueryIsRefused() async throws {
        try await APILogin.with { api, _ in
            let response = try await APILogin.raw(api, "GET", "product?limit=%FF")
            #expect(response.status == 400)
            #expect(String(decoding: response.body, as: UTF8.self).contains("Malformed query"))
            #expect(try await APILogin.raw(api, "GET", "product?limit=2").status == 200)
        }
    }

    // MARK: Units

    @Test func pathSegmentsAndQueryValuesAreEncoded() throws {
        #expect(try CSMAPI.segment("Tier / Level") == "Tier%20%2F%20Level")
        #expect(try CSMAPI.segment("a?b#c") == "a%3Fb%23c")
        #expect(try CSMAPI.segment("..") == "%2E%2E")
        #expect(CSMAPI.queryValue("Ünïcode") == "%C3%9Cn%C3%AFcode")
    }

    @Test func errorMessagesAreReadFromEveryAtlassianShape() {
        let body = #"{"errorMessages":["one","two\nlines"],"errors":{"name":"taken"},"errorMessage":"main"}"#
        let error = CSMAPIError(
            HTTPResponse(status: 409, headers: [HTTPHeader("X-Request-Id", "req-1")], body: Data(body.utf8)),
            request: "POST x")
        #expect(error.messages == ["main", "one", "two lines", "name: taken"])
        #expect(error.requestID == "req-1")
        #expect(error.description == "POST x answered HTTP 409: main; one; two lines; name: taken (request id req-1)")
        #expect(CSMAPIError(HTTPResponse(status: 500, body: Data("<html>".utf8)), request: "GET y").messages.isEmpty)
    }
    @Test func aMissingScopeHintStaysOneLineWhateverTheToolIsCalled() {
        let body = Data(#"{"code":401,"message":"Unauthorized; scope does not match"}"#.utf8)
        let error = CSMAPIError(
            HTTPResponse(status: 401, body: body), request: "GET organization/1", scope: "read:x",
            toolName: "my\ntool\u{1B}[31m")
        #expect(!error.description.contains { $0.isNewline })
        #expect(!error.description.unicodeScalars.contains { $0.properties.generalCategory == .control })
    }

    @Test func aMissingScopeHintNamesTheProfile() {
        let body = Data(#"{"code":401,"message":"Unauthorized; scope does not match"}"#.utf8)
        let error = CSMAPIError(
            HTTPResponse(status: 401, body: body), request: "GET organization/1", scope: "read:x", profile: "work")
        #expect(error.description.contains("`csm-auth login --profile work --scope read:x`"))
        let unnamed = CSMAPIError(HTTPResponse(status: 401, body: body), request: "GET organization/1", scope: "read:x")
        #expect(unnamed.description.contains("`csm-auth login --scope read:x`"))
    }

    @Test func aMessageOfOneHugeCharacterIsStillBounded() {
        // One grapheme of 100 000 combining marks: 500 characters would let all of it through.
        let huge = "a" + String(repeating: "\u{301}", count: 100_000)
        let body = try! JSONEncoder().encode(["errorMessage": huge])
        let error = CSMAPIError(HTTPResponse(status: 400, body: body), request: "GET x")
        #expect(error.messages.count == 1)
        #expect(error.messages[0].unicodeScalars.count <= 500)
    }

    @Test func hostileErrorBodiesGiveOneLineAndNoEscapes() {
        let bodies = [
            #"{"errorMessages":["\u001b]8;;http://x\u0007click\u001b]8;;\u0007","\u0085next\u2028line\r"],"message":"\u009b2J"}"#,
            #"{"errors":{"a\nb":"c\u001bd"},"errorMessages":[1,2,3]}"#,
            #"{"errorMessages":[[["deep"]]],"errors":{"x":{"y":"z"}},"message":{"m":1}}"#,
        ]
        for body in bodies {
            let error = CSMAPIError(
                HTTPResponse(
                    status: 400, headers: [HTTPHeader("X-Request-Id", "r\u{1B}[2J\u{85}1")], body: Data(body.utf8)),
                request: "GET x")
            #expect(
                !error.description.unicodeScalars.contains {
                    $0.properties.generalCategory == .control || $0 == "\u{2028}"
                }, "\(body)")
        }
        let many = "{\"errorMessages\":[" + Array(repeating: "\"m\"", count: 100_000).joined(separator: ",") + "]}"
        #expect(CSMAPIError(HTTPResponse(status: 400, body: Data(many.utf8)), request: "GET x").messages.count == 10)
    }

    @Test func anEmptyNameIsNotAnEmptySegment() async throws {
        // "organization/" + "" would ask for the organization list instead of one organization.
        let scripted = ScriptedAPI([:])
        let api = scripted.api()
        await #expect(throws: (any Error).self) { try await api.organization(id: "") }
        await #expect(throws: (any Error).self) { try await api.deleteDetailField(of: .customer, named: "") }
        #expect(scripted.paths.allSatisfy { !$0.hasSuffix("/") })
    }
}
