import CSMSandbox
import Foundation
import TestSupport
import Testing

@testable import CSMAPI
@testable import CSMAuth

/// Defects a hostile review of the paging, typed calls and sandbox routes found, each pinned by
/// the test named after it.
@Suite(.waiting, .serialized) struct CSMSandboxReviewRegressionTests {
    static let firstSite = "11111111-1111-4111-8111-000000000001"

    /// The typed API of the same sandbox as the Jira administrator over Basic auth, for a test
    /// logged in as someone else that needs an administrator's change.
    static func administrator(of home: LoginHome) throws -> CSMAPI {
        let credential = Credential(
            scheme: .basic, token: Secret("sandbox-admin-token"), email: "admin@sandbox.example", expiresAt: nil,
            cloudID: firstSite,
            apiURL: try #require(URL(string: home.sandbox.baseURL)))
        return CSMAPI(client: CSMClient(source: .fixed(credential), transport: CurlTransport()))
    }

    /// The bulk organization create gave the new organization the largest id in use plus one, so
    /// the id of the organization deleted just before came back, with what still named it.
    @Test func aBulkCreatedOrganizationNeverReusesADeletedOrganizationsID() async throws {
        try await APILogin.with(SandboxConfiguration(autoApprove: true, bulkTaskDelay: 0)) { api, _ in
            let doomed = try await api.createOrganization(name: "Doomed")
            try await api.deleteOrganization(id: doomed.id)
            let task = try await api.waitForTask(try await api.bulkOrganizations([.create(name: "Fresh")]))
            #expect(task.status == .finished)
            let fresh = try #require(try await api.organizations(names: ["Fresh"]).first)
            #expect(fresh.id != doomed.id)
            #expect(Int(fresh.id) == Int(doomed.id).map { $0 + 1 })
        }
    }

    /// Deleting an organization or a customer account left its entitlements readable by id, and a
    /// later organization given the same id inherited them.
    @Test func deletingAHolderDeletesItsEntitlements() async throws {
        try await APILogin.with { api, _ in
            let held = try await api.entitlements(of: .organization, id: "1").collect()
            #expect(!held.isEmpty)
            try await api.deleteOrganization(id: "1")
            for entitlement in held {
                #expect(await APILogin.status { _ = try await api.entitlement(id: entitlement.id) } == 404)
            }

            let account = try await api.createCustomerAccount(email: "erin@example.com", displayName: "Erin")
            let entitlement = try await api.createEntitlement(
                for: .customer, id: account.id, productID: "3858a61a-6d5e-4c1b-9b5e-000000000001")
            try await api.deleteCustomerAccount(id: account.id)
            #expect(await APILogin.status { _ = try await api.entitlement(id: entitlement.id) } == 404)
        }
    }

    /// A customer could raise a request on, and comment through, a help centre restricted to
    /// organizations none of theirs has access to.
    @Test func aCustomerWithoutAccessToARestrictedHelpCentreCannotUseIt() async throws {
        try await APILogin.with(.customer) { api, home in
            // The customer is in organization 1, which has access to help centre 1.
            let created = try await api.createRequest(
                helpCenterID: "1", origin: "portal", summary: "Mine", description: "")
            try await Self.administrator(of: home).revokeHelpCenterAccess(helpCenterID: "1", organizationID: "1")
            let raise = await APILogin.status {
                _ = try await api.createRequest(helpCenterID: "1", origin: "portal", summary: "Again", description: "")
            }
            #expect(raise == 403)
            let comment = await APILogin.status {
                try await api.addComment(toRequest: created.issueKey, onHelpCenter: "1", body: "Hello")
            }
            #expect(comment == 403)
            // The unrestricted help centre stays open to them.
            #expect(
                try await api.createRequest(helpCenterID: "2", origin: "portal", summary: "Public", description: "")
                    .issueKey.hasPrefix("CSM-"))
        }
    }

    /// A bulk organization profile UPDATE renamed an organization to another's name (differing
    /// only in case), leaving two organizations a name lookup could not tell apart.
    @Test func aBulkProfileUpdateCannotTakeAnotherOrganizationsName() async throws {
        try await APILogin.with(SandboxConfiguration(autoApprove: true, bulkTaskDelay: 0)) { api, _ in
            let body =
                #"{"organizationProfiles":[{"operationType":"UPDATE","payload":{"id":"2","name":"ACME CORPORATION"}}]}"#
            let response = try await APILogin.raw(
                api, "POST", "organization/profile/bulk",
                headers: [APILogin.optIn, HTTPHeader("Idempotency-Key", "rename-2")], body: body)
            #expect(response.status == 200)
            let submission = try JSONDecoder().decode(CSMTaskSubmission.self, from: response.body)
            let task = try await api.waitForTask(submission)
            #expect(task.failures.count == 1)
            #expect(try await api.organization(id: "2").name == "Globex Inc")
        }
    }

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
}
