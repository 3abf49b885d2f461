import CSMSandbox
import Foundation
import TestSupport
import Testing

@testable import CSMAPI
@testable import CSMAuth

/// Customer accounts, search by detail field, customer experiences and customer profiles against
/// the sandbox, each with its documented errors.
@Suite(.waiting, .serialized) struct CSMCustomerAPITests {
    typealias T = APILogin

    /// The experimental customer calls, to check each one's permission, 404 and opt-in.
    enum Call: String, CaseIterable, Sendable {
        case createAccount, readAccount, renameAccount, deleteAccount
        case experiences, readProfile, createProfile, fetchProfiles

        /// Makes the typed call, on `id` where it takes one.
        func perform(_ api: CSMAPI, id: String) async throws {
            switch self {
            case .createAccount: _ = try await api.createCustomerAccount(email: "new@example.com", displayName: "New")
            case .readAccount: _ = try await api.customerAccount(id: id)
            case .renameAccount: try await api.updateCustomerAccount(id: id, displayName: "Renamed")
            case .deleteAccount: try await api.deleteCustomerAccount(id: id)
            case .experiences: _ = try await api.customerExperiences(ofCustomer: id)
            case .readProfile: _ = try await api.customerProfile(id: id)
            case .createProfile: _ = try await api.createCustomerProfile(email: "new@example.com", displayName: "New")
            case .fetchProfiles: _ = try await api.customerProfiles(ids: [id])
            }
        }

        /// The same request, raw and without the opt-in header: method, path and body.
        var raw: (String, String, String?) {
            switch self {
            case .createAccount: ("POST", "customer", #"{"email":"new@example.com","displayName":"New"}"#)
            case .readAccount: ("GET", "customer/account/\(T.alice)", nil)
            case .renameAccount: ("PUT", "customer/account/\(T.alice)", #"{"displayName":"Renamed"}"#)
            case .deleteAccount: ("DELETE", "customer/account/\(T.alice)", nil)
            case .experiences: ("GET", "customer/\(T.alice)/customer-experiences", nil)
            case .readProfile: ("GET", "customer/profile/\(T.alice)", nil)
            case .createProfile: ("POST", "customer/profile", #"{"email":"new@example.com","displayName":"New"}"#)
            case .fetchProfiles: ("POST", "customer/profile/fetch", #"{"customerIds":["\#(T.alice)"]}"#)
            }
        }
    }

    // MARK: Accounts

    @Test func createsAnAccount() async throws {
        try await T.with { api, _ async throws in
            let account = try await api.createCustomerAccount(email: "erin@example.com", displayName: "Erin Park")
            #expect(account.id.hasPrefix("qm:"))
            #expect(account.displayName == "Erin Park")
            #expect(account.email == "erin@example.com")
            #expect(try await api.customer(id: account.id).name == "Erin Park")
        }
    }

    @Test func readsAnAccount() async throws {
        try await T.with { api, _ async throws in
            #expect(
                try await api.customerAccount(id: T.alice)
                    == CSMCustomerAccount(id: T.alice, displayName: "Alice Zhang", email: "alice.zhang@acme.example"))
        }
    }

    @Test func renamesAnAccount() async throws {
        try await T.with { api, _ async throws in
            #expect(try await api.updateCustomerAccount(id: T.alice, displayName: "Alice Z.").displayName == "Alice Z.")
            #expect(try await api.customerAccount(id: T.alice).displayName == "Alice Z.")
        }
    }

    @Test func deletesAnAccount() async throws {
        try await T.with { api, _ async throws in
            try await api.deleteCustomerAccount(id: T.dana)
            let status = await T.status { _ = try await api.customer(id: T.dana) }
            #expect(status == 404)
        }
    }

    @Test func anEmailInUseIsABadRequest() async throws {
        try await T.with { api, _ async throws in
            let status = await T.status {
                _ = try await api.createCustomerAccount(email: "Alice.Zhang@acme.example", displayName: "Alice")
            }
            #expect(status == 400)
        }
    }

    @Test func anInvalidEmailIsABadRequest() async throws {
        try await T.with { api, _ async throws in
            let status = await T.status {
                _ = try await api.createCustomerAccount(email: "not-an-email", displayName: "X")
            }
            #expect(status == 400)
        }
    }

    @Test func anEmptyDisplayNameIsABadRequest() async throws {
        try await T.with { api, _ async throws in
            let status = await T.status { try await api.updateCustomerAccount(id: T.alice, displayName: "  ") }
            #expect(status == 400)
        }
    }

    @Test(arguments: [Call.createAccount, .readAccount, .renameAccount, .deleteAccount, .createProfile])
    func anAgentMayNotManageAccounts(_ call: Call) async throws {
        try await T.with(.agent) { api, _ async throws in
            let status = await T.status { try await call.perform(api, id: T.alice) }
            #expect(status == 403)
        }
    }

    @Test(arguments: [Call.experiences, .readProfile, .fetchProfiles])
    func aCustomerMayNotReadOthersRecords(_ call: Call) async throws {
        try await T.with(.customer) { api, _ async throws in
            let status = await T.status { try await call.perform(api, id: T.alice) }
            #expect(status == 403)
        }
    }

    @Test(arguments: [Call.readAccount, .renameAccount, .deleteAccount, .experiences, .readProfile])
    func anUnknownCustomerIsNotFound(_ call: Call) async throws {
        try await T.with { api, _ async throws in
            let status = await T.status { try await call.perform(api, id: "qm:nobody") }
            #expect(status == 404)
        }
    }

    @Test(arguments: Call.allCases)
    func experimentalCallsNeedTheOptInHeader(_ call: Call) async throws {
        try await T.with { api, _ async throws in
            let (method, path, body) = call.raw
            #expect(try await T.raw(api, method, path, body: body).status == 412)
            // The typed call sends the header.
            let status = await T.status { try await call.perform(api, id: T.alice) }
            #expect(status == nil)
        }
    }

    // MARK: Search by detail field

    @Test func searchesCustomersByDetail() async throws {
        try await T.with(.agent) { api, _ async throws in
            let found = try await api.searchCustomers(matching: [CSMDetailMatch(name: "region", value: "EU")]).collect()
            #expect(found.map(\.name) == [SandboxUser.customer.displayName, "Alice Zhang"])
            // Emails are for Jira administrators.
            #expect(found.allSatisfy { $0.email == nil })
        }
    }

    @Test func everyConditionMustMatch() async throws {
        try await T.with { api, _ async throws in
            let conditions = [
                CSMDetailMatch(name: "Region", value: "EU"), CSMDetailMatch(name: "Support Level", value: "Gold"),
            ]
            let found = try await api.searchCustomers(matching: conditions).collect()
            #expect(found.map(\.id) == [T.alice])
            #expect(found.first?.email == "alice.zhang@acme.example")
        }
    }

    @Test func searchPagesThroughEveryMatchRepeatingTheConditions() async throws {
        try await T.with(pageSize: 2) { api, home async throws in
            for index in 1...3 {
                _ = try await api.createCustomerProfile(
                    email: "eu\(index)@example.com", displayName: "EU \(index)",
                    details: [CSMDetailAssignment(name: "Region", values: ["EU"])])
            }
            home.sandbox.resetStats()
            let found = try await api.searchCustomers(matching: [CSMDetailMatch(name: "Region", value: "EU")]).collect()
            #expect(found.count == 5)
            #expect(Set(found.map(\.id)).count == 5)
            #expect(found.allSatisfy { $0.values(of: "Region") == ["EU"] })
            #expect(home.sandbox.stats.apiRequests == 3)
        }
    }

    @Test func searchNeedsNoOptInHeader() async throws {
        try await T.with { api, _ async throws in
            #expect(
                try await T.raw(
                    api, "POST", "customer/search-by-detail-field",
                    body: #"{"detailFields":[{"name":"Region","value":"US"}]}"#
                ).status == 200)
        }
    }

    @Test func searchingAnUnknownFieldIsABadRequest() async throws {
        try await T.with { api, _ async throws in
            let status = await T.status {
                _ = try await api.searchCustomers(matching: [CSMDetailMatch(name: "Shoe Size", value: "9")]).collect()
            }
            #expect(status == 400)
        }
    }

    @Test func searchingWithoutConditionsIsABadRequest() async throws {
        try await T.with { api, _ async throws in
            let status = await T.status { _ = try await api.searchCustomers(matching: []).collect() }
            #expect(status == 400)
        }
    }

    @Test func aCustomerMayNotSearch() async throws {
        try await T.with(.customer) { api, _ async throws in
            let status = await T.status {
                _ = try await api.searchCustomers(matching: [CSMDetailMatch(name: "Region", value: "EU")]).collect()
            }
            #expect(status == 403)
        }
    }

    // MARK: Customer experiences

    @Test func aCustomerOfAnOrganizationWithAccessSeesTheRestrictedHelpCentre() async throws {
        try await T.with(.agent) { api, _ async throws in
            let centres = try await api.customerExperiences(ofCustomer: T.alice)
            #expect(
                centres == [
                    CSMRecordReference(id: "1", name: "Acme Support"), CSMRecordReference(id: "2", name: "Public Help"),
                ])
        }
    }

    @Test func aCustomerWithoutOrganizationSeesOnlyOpenHelpCentres() async throws {
        try await T.with(.agent) { api, _ async throws in
            #expect(try await api.customerExperiences(ofCustomer: T.dana).map(\.name) == ["Public Help"])
        }
    }

    // MARK: Profiles

    @Test func readsACustomerProfile() async throws {
        try await T.with(.agent) { api, _ async throws in
            let chen = try await api.customerProfile(id: T.chen)
            #expect(chen.name == "Chen Wei")
            #expect(chen.organizations.map(\.name) == ["Initech", "Acme Corporation"])
            #expect(chen.values(of: "Region") == ["APAC"])
            #expect(chen.entitlementIDs.isEmpty)  // he holds none himself; his organizations' are theirs
        }
    }

    @Test func aCustomerProfileListsTheEntitlementsTheCustomerHolds() async throws {
        // The sandbox once answered `"entitlements":[]` for every profile, although Alice holds
        // the seeded Acme Cloud Backup entitlement.
        try await T.with(.agent) { api, _ async throws in
            let alice = try await api.customerProfile(id: T.alice)
            #expect(alice.entitlementIDs == ["7f1b2c3d-8e9f-4a0b-8c1d-000000000004"])
            let fetched = try await api.customerProfiles(ids: [T.alice])
            #expect(fetched.map(\.entitlementIDs) == [["7f1b2c3d-8e9f-4a0b-8c1d-000000000004"]])
        }
    }

    @Test func createsACustomerProfileWithDetailsAndOrganizations() async throws {
        try await T.with { api, _ async throws in
            let profile = try await api.createCustomerProfile(
                email: "frank@globex.example", displayName: "Frank Ode",
                details: [
                    CSMDetailAssignment(name: "Region", values: ["US"]),
                    CSMDetailAssignment(name: "Products", values: ["Jira", "Loom"]),
                ],
                organizationIDs: ["2"])
            #expect(profile.name == "Frank Ode")
            #expect(profile.email == "frank@globex.example")
            #expect(profile.values(of: "Products") == ["Jira", "Loom"])
            #expect(profile.organizations == [CSMRecordReference(id: "2", name: "Globex Inc")])
            #expect(try await api.customer(id: profile.id).values(of: "Region") == ["US"])
        }
    }

    @Test func aProfileWithAnUnknownOrganizationCreatesNothing() async throws {
        try await T.with { api, _ async throws in
            let status = await T.status {
                _ = try await api.createCustomerProfile(
                    email: "gil@example.com", displayName: "Gil", organizationIDs: ["99"])
            }
            #expect(status == 400)
            // The account was not created either: its email is still free.
            _ = try await api.createCustomerAccount(email: "gil@example.com", displayName: "Gil")
        }
    }

    @Test func aProfileWithAValueThatIsNotAnOptionIsABadRequest() async throws {
        try await T.with { api, _ async throws in
            let details = [CSMDetailAssignment(name: "Region", values: ["Mars"])]
            let status = await T.status {
                _ = try await api.createCustomerProfile(email: "hal@example.com", displayName: "Hal", details: details)
            }
            #expect(status == 400)
        }
    }

    @Test func fetchesProfilesLeavingOutUnknownIds() async throws {
        try await T.with(.agent) { api, _ async throws in
            let profiles = try await api.customerProfiles(ids: [T.bob, "qm:nobody", T.alice, T.bob])
            #expect(profiles.map(\.name) == ["Bob Martin", "Alice Zhang"])
        }
    }

    @Test func fetchingMoreThan25ProfilesIsABadRequest() async throws {
        try await T.with(.agent) { api, _ async throws in
            let ids = (1...26).map { "qm:\($0)" }
            let status = await T.status { _ = try await api.customerProfiles(ids: ids) }
            #expect(status == 400)
        }
    }

    @Test func fetchingNoProfilesIsABadRequest() async throws {
        try await T.with(.agent) { api, _ async throws in
            let status = await T.status { _ = try await api.customerProfiles(ids: []) }
            #expect(status == 400)
        }
    }

    // MARK: Models

    @Test func accountsAndProfilesDecodeTolerantly() throws {
        let account = try JSONDecoder().decode(
            CSMCustomerAccount.self, from: Data(#"{"id":"a","name":"Ann","extra":1}"#.utf8))
        #expect(account == CSMCustomerAccount(id: "a", displayName: "Ann"))
        let profile = try JSONDecoder().decode(
            CSMCustomerProfile.self,
            from: Data(#"{"id":"a","displayName":"Ann","entitlements":[{"id":"e1","product":{"id":"p"}}]}"#.utf8))
        #expect(profile == CSMCustomerProfile(id: "a", name: "Ann", entitlementIDs: ["e1"]))
    }
}
