import CSMSandbox
import Foundation
import TestSupport
import Testing

@testable import CSMAPI
@testable import CSMAuth

/// The Jira platform's `myself` and the JSM calls through the gateway, against the sandbox's
/// service desk 1 (`CS`, request types 1 and 2, customer Casey, request `CS-1` by Casey).
@Suite(.waiting, .serialized) struct JSMServiceDeskAPITests {
    static let casey = SandboxUser.customer.accountID

    /// Runs `body` logged in with one scope that is none of the Jira or JSM ones.
    func withoutGatewayScopes(_ body: (CSMAPI) async throws -> Void) async throws {
        try await APILogin.with(
            SandboxConfiguration(autoApprove: true), scopes: ["read:customer:jira-service-management"]
        ) { api, _ in try await body(api) }
    }

    // MARK: myself

    @Test func myselfNamesTheLoggedInAccount() async throws {
        try await APILogin.with(.agent) { api, _ in
            let me = try await api.myself()
            #expect(me.accountID == SandboxUser.agent.accountID)
            #expect(me.emailAddress == SandboxUser.agent.email)
        }
    }

    @Test func myselfWithoutReadJiraUserIsAScopeError() async throws {
        try await withoutGatewayScopes { api in
            #expect(await APILogin.status { _ = try await api.myself() } == 401)
        }
    }

    // MARK: Service desks and request types

    @Test func anAgentSeesEveryServiceDesk() async throws {
        try await APILogin.with(.agent) { api, _ in
            let desks = try await api.serviceDesks().collect()
            #expect(
                desks == [
                    JSMServiceDesk(id: "1", projectID: "10000", projectKey: "CS", projectName: "Customer Support")
                ])
        }
    }

    @Test func aCustomerSeesOnlyTheDesksTheyAreACustomerOf() async throws {
        try await APILogin.with(.customer) { api, home in
            #expect(try await api.serviceDesks().collect().map(\.id) == ["1"])
            try await CSMRequestAPITests.administrator(of: home).removeCustomers([Self.casey], fromServiceDesk: "1")
            #expect(try await api.serviceDesks().collect().isEmpty)
            try await CSMRequestAPITests.administrator(of: home).addCustomers([Self.casey], toServiceDesk: "1")
            #expect(try await api.serviceDesks().collect().map(\.id) == ["1"])
        }
    }

    @Test func serviceDesksWithoutTheReadScopeIsAScopeError() async throws {
        try await withoutGatewayScopes { api in
            #expect(await APILogin.status { _ = try await api.serviceDesks().collect() } == 401)
        }
    }

    @Test func requestTypesListsTheDesksTypes() async throws {
        try await APILogin.with(.customer) { api, _ in
            let types = try await api.requestTypes(serviceDeskID: "1").collect()
            #expect(types.map(\.name) == ["Get help", "Report a bug"])
            #expect(types.allSatisfy { $0.serviceDeskID == "1" })
        }
    }

    @Test func requestTypesOfAnUnknownDeskIsNotFound() async throws {
        try await APILogin.with(.agent) { api, _ in
            #expect(await APILogin.status { _ = try await api.requestTypes(serviceDeskID: "99").collect() } == 404)
        }
    }

    @Test func requestTypesWithoutTheReadScopeIsAScopeError() async throws {
        try await withoutGatewayScopes { api in
            #expect(await APILogin.status { _ = try await api.requestTypes(serviceDeskID: "1").collect() } == 401)
        }
    }

    // MARK: Creating customer requests

    @Test func aCustomerRaisesARequestOnTheirDesk() async throws {
        try await APILogin.with(.customer) { api, _ in
            let request = try await api.createCustomerRequest(
                serviceDeskID: "1", requestTypeID: "2", summary: "Export fails", description: "Since 2.1.")
            #expect(request.issueKey == "CS-2")
            #expect(request.reporter?.accountID == Self.casey)
            #expect(request.value(of: "summary") == "Export fails")
            #expect(request.value(of: "description") == "Since 2.1.")
            #expect(request.status == "Waiting for support")
        }
    }

    @Test func anAgentRaisesARequestOnBehalfOfACustomer() async throws {
        try await APILogin.with(.agent) { api, _ in
            let request = try await api.createCustomerRequest(
                serviceDeskID: "1", requestTypeID: "1", summary: "Call back", onBehalfOf: APILogin.alice)
            #expect(request.reporter?.accountID == APILogin.alice)
        }
    }

    @Test func aCustomerMayNotRaiseOnBehalfOfSomeoneElse() async throws {
        try await APILogin.with(.customer) { api, _ in
            let status = await APILogin.status {
                _ = try await api.createCustomerRequest(
                    serviceDeskID: "1", requestTypeID: "1", summary: "For a friend", onBehalfOf: APILogin.alice)
            }
            #expect(status == 403)
        }
    }

    @Test func aBlankSummaryIsABadRequest() async throws {
        try await APILogin.with(.customer) { api, _ in
            let status = await APILogin.status {
                _ = try await api.createCustomerRequest(serviceDeskID: "1", requestTypeID: "1", summary: " ")
            }
            #expect(status == 400)
        }
    }

    @Test func anUnknownDeskOrRequestTypeIsNotFound() async throws {
        try await APILogin.with(.agent) { api, _ in
            #expect(
                await APILogin.status {
                    _ = try await api.createCustomerRequest(serviceDeskID: "99", requestTypeID: "1", summary: "S")
                } == 404)
            #expect(
                await APILogin.status {
                    _ = try await api.createCustomerRequest(serviceDeskID: "1", requestTypeID: "99", summary: "S")
                } == 404)
        }
    }

    @Test func creatingWithoutTheWriteScopeIsAScopeError() async throws {
        try await withoutGatewayScopes { api in
            let status = await APILogin.status {
                _ = try await api.createCustomerRequest(serviceDeskID: "1", requestTypeID: "1", summary: "S")
            }
            #expect(status == 401)
        }
    }

    // MARK: Reading customer requests

    @Test func aCustomerReadsTheirOwnRequestByKeyOrID() async throws {
        try await APILogin.with(.customer) { api, _ in
            let byKey = try await api.customerRequest("cs-1")
            #expect(byKey.issueKey == "CS-1")
            #expect(byKey.reporter?.accountID == Self.casey)
            #expect(try await api.customerRequest(byKey.issueID) == byKey)
        }
    }

    @Test func aCustomerMayNotReadSomeoneElsesRequest() async throws {
        try await APILogin.with(.customer) { api, home in
            let other = try await CSMRequestAPITests.administrator(of: home).createCustomerRequest(
                serviceDeskID: "1", requestTypeID: "1", summary: "Alice's", onBehalfOf: APILogin.alice)
            #expect(await APILogin.status { _ = try await api.customerRequest(other.issueKey) } == 403)
        }
    }

    @Test func anUnknownRequestIsNotFound() async throws {
        try await APILogin.with(.agent) { api, _ in
            #expect(await APILogin.status { _ = try await api.customerRequest("CS-999") } == 404)
        }
    }

    @Test func readingWithoutTheReadScopeIsAScopeError() async throws {
        try await withoutGatewayScopes { api in
            #expect(await APILogin.status { _ = try await api.customerRequest("CS-1") } == 401)
        }
    }

    @Test func anAgentListsEveryRequestPageByPage() async throws {
        try await APILogin.with(.agent, pageSize: 1) { api, _ in
            for summary in ["Second", "Third"] {
                _ = try await api.createCustomerRequest(
                    serviceDeskID: "1", requestTypeID: "1", summary: summary, onBehalfOf: APILogin.alice)
            }
            let keys = try await api.customerRequests(serviceDeskID: "1").collect().map(\.issueKey)
            #expect(keys == ["CS-1", "CS-2", "CS-3"])
        }
    }

    @Test func aCustomerListsOnlyTheirOwnRequests() async throws {
        try await APILogin.with(.customer) { api, home in
            _ = try await CSMRequestAPITests.administrator(of: home).createCustomerRequest(
                serviceDeskID: "1", requestTypeID: "1", summary: "Alice's", onBehalfOf: APILogin.alice)
            #expect(try await api.customerRequests().collect().map(\.issueKey) == ["CS-1"])
        }
    }

    @Test func listingRequestsWithoutTheReadScopeIsAScopeError() async throws {
        try await withoutGatewayScopes { api in
            #expect(await APILogin.status { _ = try await api.customerRequests().collect() } == 401)
        }
    }

    @Test func listingTheRequestsOfAnUnknownDeskIsNotFound() async throws {
        try await APILogin.with(.agent) { api, _ in
            #expect(await APILogin.status { _ = try await api.customerRequests(serviceDeskID: "99").collect() } == 404)
        }
    }

    // MARK: Customers and organizations of a desk

    @Test func anAgentAddsAndRemovesCustomers() async throws {
        try await APILogin.with(.agent) { api, _ in
            try await api.addCustomers([APILogin.alice, APILogin.bob], toServiceDesk: "1")
            try await api.removeCustomers([APILogin.alice], fromServiceDesk: "1")
        }
    }

    @Test func aCustomerMayNotManageCustomers() async throws {
        try await APILogin.with(.customer) { api, _ in
            #expect(await APILogin.status { try await api.addCustomers([APILogin.alice], toServiceDesk: "1") } == 403)
            #expect(
                await APILogin.status { try await api.removeCustomers([Self.casey], fromServiceDesk: "1") } == 403)
        }
    }

    @Test func addingAnUnknownAccountOrNoneIsABadRequest() async throws {
        try await APILogin.with(.agent) { api, _ in
            #expect(await APILogin.status { try await api.addCustomers(["qm:nobody"], toServiceDesk: "1") } == 400)
            #expect(await APILogin.status { try await api.addCustomers([], toServiceDesk: "1") } == 400)
            #expect(await APILogin.status { try await api.removeCustomers([], fromServiceDesk: "1") } == 400)
        }
    }

    @Test func managingCustomersOfAnUnknownDeskIsNotFound() async throws {
        try await APILogin.with(.agent) { api, _ in
            #expect(
                await APILogin.status { try await api.removeCustomers([APILogin.alice], fromServiceDesk: "99") } == 404)
            #expect(await APILogin.status { try await api.addCustomers([APILogin.alice], toServiceDesk: "99") } == 404)
        }
    }

    @Test func managingCustomersWithoutTheManageScopeIsAScopeError() async throws {
        try await withoutGatewayScopes { api in
            #expect(await APILogin.status { try await api.addCustomers([APILogin.alice], toServiceDesk: "1") } == 401)
            #expect(
                await APILogin.status { try await api.removeCustomers([APILogin.alice], fromServiceDesk: "1") } == 401)
        }
    }

    @Test func anAgentAddsAndRemovesAnOrganization() async throws {
        try await APILogin.with(.agent) { api, _ in
            try await api.removeOrganization(1, fromServiceDesk: "1")
            try await api.addOrganization(1, toServiceDesk: "1")
        }
    }

    @Test func aCustomerMayNotManageOrganizations() async throws {
        try await APILogin.with(.customer) { api, _ in
            #expect(await APILogin.status { try await api.addOrganization(1, toServiceDesk: "1") } == 403)
            #expect(await APILogin.status { try await api.removeOrganization(1, fromServiceDesk: "1") } == 403)
        }
    }

    @Test func anUnknownOrganizationOrDeskIsNotFound() async throws {
        try await APILogin.with(.agent) { api, _ in
            #expect(await APILogin.status { try await api.addOrganization(999_999, toServiceDesk: "1") } == 404)
            #expect(await APILogin.status { try await api.addOrganization(1, toServiceDesk: "99") } == 404)
            #expect(await APILogin.status { try await api.removeOrganization(999_999, fromServiceDesk: "1") } == 404)
            #expect(await APILogin.status { try await api.removeOrganization(1, fromServiceDesk: "99") } == 404)
        }
    }

    @Test func anOrganizationIDThatIsNotPositiveIsABadRequest() async throws {
        try await APILogin.with(.agent) { api, _ in
            #expect(await APILogin.status { try await api.removeOrganization(0, fromServiceDesk: "1") } == 400)
            #expect(await APILogin.status { try await api.addOrganization(-1, toServiceDesk: "1") } == 400)
        }
    }

    @Test func managingOrganizationsWithoutTheManageScopeIsAScopeError() async throws {
        try await withoutGatewayScopes { api in
            #expect(await APILogin.status { try await api.addOrganization(1, toServiceDesk: "1") } == 401)
            #expect(await APILogin.status { try await api.removeOrganization(1, fromServiceDesk: "1") } == 401)
        }
    }
}
