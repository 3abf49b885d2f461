import CSMSandbox
import Foundation
import TestSupport
import Testing

@testable import CSMAPI
@testable import CSMAuth

/// Help-centre organization access and raising issues on a help centre (all experimental).
@Suite(.waiting, .serialized) struct CSMHelpCenterAPITests {
    // MARK: Organization access

    @Test func listsTheOrganizationsWithAccess() async throws {
        try await APILogin.with { api, _ in
            let organizations = try await api.helpCenterOrganizations(helpCenterID: "1").collect()
            #expect(organizations == [CSMRecordReference(id: "1", name: "Acme Corporation")])
        }
    }

    @Test func anEmptyHelpCentreIDIsRefusedBeforeSending() async throws {
        try await APILogin.with { api, home in
            home.sandbox.resetStats()
            let error = #expect(throws: CSMAuthError.self) { _ = try api.helpCenterOrganizations(helpCenterID: "") }
            #expect(error?.code == .invalidInput)
            #expect(home.sandbox.stats.apiRequests == 0)
        }
    }

    @Test func grantsPagesAndRevokesAccess() async throws {
        try await APILogin.with(pageSize: 2) { api, home in
            try await api.grantHelpCenterAccess(helpCenterID: "1", organizationIDs: ["2", "3", "2"])
            home.sandbox.resetStats()
            let organizations = try await api.helpCenterOrganizations(helpCenterID: "1").collect()
            #expect(organizations.map(\.id) == ["1", "2", "3"])
            #expect(home.sandbox.stats.apiRequests == 2)
            try await api.revokeHelpCenterAccess(helpCenterID: "1", organizationID: "2")
            let answer = try await api.helpCenterOrganizations(helpCenterID: "1").collect()
            #expect(answer.map(\.id) == ["1", "3"])
        }
    }

    @Test func revokingAnOrganizationWithoutAccessChangesNothing() async throws {
        try await APILogin.with { api, _ in
            try await api.revokeHelpCenterAccess(helpCenterID: "1", organizationID: "3")
            try await api.revokeHelpCenterAccess(helpCenterID: "1", organizationID: "3")
            let answer = try await api.helpCenterOrganizations(helpCenterID: "1").collect()
            #expect(answer.map(\.id) == ["1"])
        }
    }

    @Test func grantingMoreThanFiveOrganizationsIsABadRequest() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.grantHelpCenterAccess(helpCenterID: "1", organizationIDs: ["1", "2", "3", "1", "2", "3"])
            }
            #expect(error?.status == 400)
        }
    }

    @Test func grantingNoOrganizationIsABadRequest() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.grantHelpCenterAccess(helpCenterID: "1", organizationIDs: [])
            }
            #expect(error?.status == 400)
        }
    }

    @Test func grantingAnUnknownOrganizationIsNotFoundAndGrantsNothing() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.grantHelpCenterAccess(helpCenterID: "1", organizationIDs: ["2", "999"])
            }
            #expect(error?.status == 404)
            let answer = try await api.helpCenterOrganizations(helpCenterID: "1").collect()
            #expect(answer.map(\.id) == ["1"])
        }
    }

    @Test func theAccessOfAnUnknownHelpCenterIsNotFound() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.helpCenterOrganizations(helpCenterID: "9").collect()
            }
            #expect(error?.status == 404)
        }
    }

    @Test func revokingOnAnUnknownHelpCenterIsNotFound() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.revokeHelpCenterAccess(helpCenterID: "9", organizationID: "1")
            }
            #expect(error?.status == 404)
        }
    }

    @Test func anOpenHelpCenterHasNoAccessList() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.helpCenterOrganizations(helpCenterID: "2").collect()
            }
            #expect(error?.status == 400)
        }
    }

    @Test func anAgentMayNotManageAccess() async throws {
        try await APILogin.with(.agent) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.grantHelpCenterAccess(helpCenterID: "1", organizationIDs: ["2"])
            }
            #expect(error?.status == 403)
        }
    }

    @Test func anAgentMayNotViewAccess() async throws {
        try await APILogin.with(.agent) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.helpCenterOrganizations(helpCenterID: "1").collect()
            }
            #expect(error?.status == 403)
        }
    }

    @Test func listingAccessWithoutTheOptInIsAPreconditionFailure() async throws {
        try await APILogin.with { api, _ in
            let answer = try await APILogin.raw(api, "GET", "helpcenter/1/access/organization")
            #expect(answer.status == 412)
        }
    }

    @Test func grantingWithoutTheOptInIsAPreconditionFailure() async throws {
        try await APILogin.with { api, _ in
            let response = try await APILogin.raw(
                api, "POST", "helpcenter/1/access/organization", body: #"{"organizationIds":["2"]}"#)
            #expect(response.status == 412)
        }
    }

    @Test func revokingWithoutTheOptInIsAPreconditionFailure() async throws {
        try await APILogin.with { api, _ in
            let answer = try await APILogin.raw(api, "DELETE", "helpcenter/1/access/organization/1")
            #expect(answer.status == 412)
        }
    }

    // MARK: Raising an issue

    @Test func raisesAnIssueOnceOnAHelpCenter() async throws {
        try await APILogin.with(.agent) { api, _ in
            try await api.raise(issue: "CSM-2", onHelpCenter: "2")
            // The issue is now on the help centre: comments through it are accepted.
            _ = try await api.addComment(toRequest: "CSM-2", onHelpCenter: "2", body: "We are on it.")
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.raise(issue: "10002", onHelpCenter: "1")
            }
            #expect(error?.status == 409)
        }
    }

    @Test func raiseAnswersALinkToTheRaisedIssue() async throws {
        try await APILogin.with(.agent) { api, home in
            let raised = try await api.raise(issue: "CSM-3", onHelpCenter: "2")
            #expect(raised.link == home.sandbox.sites[0].url + "/servicedesk/customer/portal/2/CSM-3")
        }
    }

    @Test func raisingAnIssueWithAFormIsAConflict() async throws {
        try await APILogin.with(.agent) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.raise(issue: "CSM-1", onHelpCenter: "2")
            }
            #expect(error?.status == 409)
            #expect(error?.messages.first?.contains("already has a form") == true)
        }
    }

    @Test func raisingAnUnknownIssueIsNotFound() async throws {
        try await APILogin.with(.agent) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.raise(issue: "CSM-999", onHelpCenter: "1")
            }
            #expect(error?.status == 404)
        }
    }

    @Test func raisingOnAnUnknownHelpCenterIsNotFound() async throws {
        try await APILogin.with(.agent) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.raise(issue: "CSM-2", onHelpCenter: "9")
            }
            #expect(error?.status == 404)
        }
    }

    @Test func aCustomerMayNotRaiseAnIssue() async throws {
        try await APILogin.with(.customer) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.raise(issue: "CSM-2", onHelpCenter: "1")
            }
            #expect(error?.status == 403)
        }
    }

    @Test func raisingWithoutTheOptInIsAPreconditionFailure() async throws {
        try await APILogin.with { api, _ in
            let answer = try await APILogin.raw(api, "POST", "helpcenter/1/issue/CSM-2/raise")
            #expect(answer.status == 412)
        }
    }
}
