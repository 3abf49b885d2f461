import CSMSandbox
import Foundation
import Testing

@testable import CSMAPI
@testable import CSMAuth

/// A typed call whose scope the login is known to lack is refused before it is sent, naming the
/// `login --scopes …` that grants it; a login whose scopes are not known is left to Atlassian.
@Suite struct CSMScopePrecheckTests {
    static let readOnly = CSMScopeSet.csmRead.scopes.map(\.rawValue)

    @Test func aWriteCallOfAReadOnlyLoginIsRefusedBeforeAnyRequest() async throws {
        try await APILogin.with(SandboxConfiguration(autoApprove: true), scopes: Self.readOnly) { api, home in
            home.sandbox.resetStats()
            let error = await #expect(throws: CSMAPIError.self) { try await api.createProduct(name: "Widget") }
            #expect(error?.missingScope == "write:product:jira-service-management")
            #expect(error?.status == 401)
            #expect(error?.category == .loginRequired)
            #expect(
                error?.description
                    == "the login lacks the scope write:product:jira-service-management that POST product needs, so it was not sent: log in again with `csm-auth login --profile work --scopes csm`"
            )
            #expect(home.sandbox.stats == SandboxStats())
        }
    }

    @Test func aListCallWithoutItsScopeIsRefusedBeforeTheFirstPage() async throws {
        try await APILogin.with(
            SandboxConfiguration(autoApprove: true), scopes: ["read:customer:jira-service-management"]
        ) { api, home in
            home.sandbox.resetStats()
            let error = await #expect(throws: CSMAPIError.self) { _ = try await api.products().collect() }
            #expect(error?.missingScope == "read:product:jira-service-management")
            #expect(error?.description.contains("`csm-auth login --profile work --scopes csm-read`") == true)
            #expect(home.sandbox.stats.apiRequests == 0)
        }
    }

    /// `myself` and the JSM calls take granular scopes too (`read:user:jira`,
    /// `read:request:jira-service-management`…): a grant holding such scopes may allow the call.
    @Test func aClassicScopeMayBeGrantedUnderGranularNames() {
        let csm = Self.readOnly
        #expect(CSMAPI.isSurelyMissing(CSMScope.readServiceDeskRequest, from: csm))
        #expect(!CSMAPI.isSurelyMissing(CSMScope.readServiceDeskRequest, from: csm + ["read:servicedesk-request"]))
        #expect(
            !CSMAPI.isSurelyMissing(
                CSMScope.readServiceDeskRequest,
                from: csm + ["read:servicedesk:jira-service-management", "read:request:jira-service-management"]))
        #expect(!CSMAPI.isSurelyMissing(CSMScope.readJiraUser, from: csm + ["read:user:jira"]))
        // A CSM scope has one name only.
        #expect(
            CSMAPI.isSurelyMissing(
                CSMScope(rawValue: "write:product:jira-service-management"), from: csm + ["read:user:jira"]))
    }

    @Test func aCallWithinTheGrantedScopesIsSent() async throws {
        try await APILogin.with(SandboxConfiguration(autoApprove: true), scopes: Self.readOnly) { api, home in
            home.sandbox.resetStats()
            _ = try await api.products().collect()
            #expect(home.sandbox.stats.apiRequests == 1)
        }
    }

    @Test func aServiceAccountsSavedScopesAreCheckedAndItsLoginIsNamed() async throws {
        let account = SandboxServiceAccount(id: "precheck-bot", secret: "precheck-bot-secret")
        try await LoginHome.with(SandboxConfiguration(serviceAccounts: [account])) { home in
            let site = try #require(URL(string: home.sandbox.sites[0].url))
            _ = try await ClientCredentialsLogin(environment: home.environment, transport: CurlTransport()).run(
                profile: LoginHome.profile, siteURL: site,
                client: ClientCredentials(id: account.id, secret: Secret(account.secret)),
                scopes: ["read:customer:jira-service-management"], storage: .file)
            home.sandbox.resetStats()
            let error = await #expect(throws: CSMAPIError.self) { try await APILogin.api(home).organization(id: "1") }
            #expect(
                error?.description.hasSuffix(
                    "`csm-auth login --client-credentials --profile work --site SITE_URL --scopes csm-read`") == true)
            #expect(home.sandbox.stats.apiRequests == 0)
        }
    }

    /// A fixed credential (`CSM_AUTH_TOKEN`, say) has no scope list: Atlassian decides.
    @Test func aCredentialWithoutAScopeListIsSentAndAtlassiansAnswerReported() async throws {
        try await APILogin.with(SandboxConfiguration(autoApprove: true), scopes: Self.readOnly) { _, home in
            let credential = try await home.session().credential()
            let api = CSMAPI(client: CSMClient(source: .fixed(credential), transport: CurlTransport()))
            home.sandbox.resetStats()
            let error = await #expect(throws: CSMAPIError.self) { try await api.createProduct(name: "Widget") }
            #expect(error?.missingScope == "write:product:jira-service-management")
            #expect(error?.description.contains("not sent") == false)
            #expect(home.sandbox.stats.apiRequests == 1)
        }
    }
}
