import CSMSandbox
import Foundation
import TestSupport
import Testing

@testable import CSMAPI
@testable import CSMAuth

/// Creating, renaming, deleting and fetching organizations, and organization profiles, against the
/// sandbox, each with its documented errors.
@Suite(.waiting, .serialized) struct CSMOrganizationAPITests {
    typealias T = APILogin

    /// The experimental organization calls, to check each one's permission, 404 and opt-in.
    enum Call: String, CaseIterable, Sendable {
        case create, rename, delete, fetch, readProfile, createProfile, fetchProfiles

        /// Makes the typed call, on `id` where it takes one.
        func perform(_ api: CSMAPI, id: String) async throws {
            switch self {
            case .create: _ = try await api.createOrganization(name: "Umbrella")
            case .rename: try await api.renameOrganization(id: id, to: "Renamed")
            case .delete: try await api.deleteOrganization(id: id)
            case .fetch: _ = try await api.organizations(ids: [id])
            case .readProfile: _ = try await api.organizationProfile(id: id)
            case .createProfile: _ = try await api.createOrganizationProfile(name: "Umbrella")
            case .fetchProfiles: _ = try await api.organizationProfiles(ids: [id])
            }
        }

        /// The same request, raw and without the opt-in header: method, path and body.
        var raw: (String, String, String?) {
            switch self {
            case .create: ("POST", "organization", #"{"name":"Umbrella"}"#)
            case .rename: ("PUT", "organization/1", #"{"name":"Renamed"}"#)
            case .delete: ("DELETE", "organization/1", nil)
            case .fetch: ("POST", "organization/fetch", #"{"organizationIds":["1"]}"#)
            case .readProfile: ("GET", "organization/profile/1", nil)
            case .createProfile: ("POST", "organization/profile", #"{"name":"Umbrella"}"#)
            case .fetchProfiles: ("POST", "organization/profile/fetch", #"{"organizationIds":["1"]}"#)
            }
        }
    }

    // MARK: Organizations

    @Test func anAgentCreatesAnOrganization() async throws {
        try await T.with(.agent) { api, _ async throws in
            let created = try await api.createOrganization(name: "Umbrella Corp")
            #expect(created.id == "4")
            #expect(created.name == "Umbrella Corp")
            #expect(created.details.count == 5)
            #expect(try await api.organization(id: "4").name == "Umbrella Corp")
        }
    }

    @Test func anAgentRenamesAnOrganization() async throws {
        try await T.with(.agent) { api, _ async throws in
            #expect(try await api.renameOrganization(id: "2", to: "Globex Corporation").name == "Globex Corporation")
            #expect(try await api.customer(id: T.bob).organizations.map(\.name) == ["Globex Corporation"])
        }
    }

    @Test func deletingAnOrganizationTakesItOutOfItsCustomersAndHelpCentres() async throws {
        try await T.with { api, _ async throws in
            try await api.deleteOrganization(id: "1")
            let status = await T.status { _ = try await api.organization(id: "1") }
            #expect(status == 404)
            #expect(try await api.customer(id: T.chen).organizations.map(\.name) == ["Initech"])
            // Acme Support was restricted to organization 1.
            #expect(try await api.customerExperiences(ofCustomer: T.alice).map(\.name) == ["Public Help"])
        }
    }

    @Test func aDeletedOrganizationsIdIsNotReused() async throws {
        try await T.with { api, _ async throws in
            let first = try await api.createOrganization(name: "Umbrella")
            try await api.deleteOrganization(id: first.id)
            #expect(try await api.createOrganization(name: "Umbrella").id != first.id)
        }
    }

    @Test func aNameInUseIsABadRequest() async throws {
        try await T.with(.agent) { api, _ async throws in
            let status = await T.status { _ = try await api.createOrganization(name: "acme corporation") }
            #expect(status == 400)
        }
    }

    @Test func renamingToANameInUseIsABadRequest() async throws {
        try await T.with(.agent) { api, _ async throws in
            let status = await T.status { try await api.renameOrganization(id: "2", to: "Initech") }
            #expect(status == 400)
        }
    }

    @Test func anEmptyNameIsABadRequest() async throws {
        try await T.with(.agent) { api, _ async throws in
            let status = await T.status { _ = try await api.createOrganization(name: " ") }
            #expect(status == 400)
        }
    }

    @Test func fetchesOrganizationsByIdAndNameLeavingOutUnknownOnes() async throws {
        try await T.with(.agent) { api, _ async throws in
            let found = try await api.organizations(
                ids: ["3", "99", "1"], names: ["globex inc", "Nobody Ltd", "Initech"])
            #expect(found.map(\.name) == ["Initech", "Acme Corporation", "Globex Inc"])
        }
    }

    @Test func fetchingNoOrganizationsIsABadRequest() async throws {
        try await T.with(.agent) { api, _ async throws in
            let status = await T.status { _ = try await api.organizations() }
            #expect(status == 400)
        }
    }

    @Test func fetchingMoreThan50OrganizationsIsABadRequest() async throws {
        try await T.with(.agent) { api, _ async throws in
            let status = await T.status {
                _ = try await api.organizations(ids: (1...30).map(String.init), names: (1...21).map { "Org \($0)" })
            }
            #expect(status == 400)
        }
    }

    @Test func anAgentMayNotDeleteAnOrganization() async throws {
        try await T.with(.agent) { api, _ async throws in
            let status = await T.status { try await api.deleteOrganization(id: "3") }
            #expect(status == 403)
        }
    }

    @Test(arguments: Call.allCases)
    func aCustomerMayNotUseOrganizationCalls(_ call: Call) async throws {
        try await T.with(.customer) { api, _ async throws in
            let status = await T.status { try await call.perform(api, id: "1") }
            #expect(status == 403)
        }
    }

    @Test(arguments: [Call.rename, .delete, .readProfile])
    func anUnknownOrganizationIsNotFound(_ call: Call) async throws {
        try await T.with { api, _ async throws in
            let status = await T.status { try await call.perform(api, id: "99") }
            #expect(status == 404)
        }
    }

    @Test(arguments: Call.allCases)
    func experimentalCallsNeedTheOptInHeader(_ call: Call) async throws {
        try await T.with { api, _ async throws in
            let (method, path, body) = call.raw
            #expect(try await T.raw(api, method, path, body: body).status == 412)
            // The typed call sends the header.
            let status = await T.status { try await call.perform(api, id: "1") }
            #expect(status == nil)
        }
    }

    // MARK: Profiles

    @Test func readsAnOrganizationProfileWithItsCustomers() async throws {
        try await T.with(.agent) { api, _ async throws in
            let acme = try await api.organizationProfile(id: "1")
            #expect(acme.name == "Acme Corporation")
            #expect(acme.customers.map(\.id) == [SandboxUser.customer.accountID, T.alice, T.chen])
            #expect(acme.values(of: "Industry") == ["Manufacturing"])
            // The seeded Acme Widget and Acme Support Plus entitlements are organization 1's.
            #expect(
                acme.entitlementIDs == ["7f1b2c3d-8e9f-4a0b-8c1d-000000000001", "7f1b2c3d-8e9f-4a0b-8c1d-000000000002"])
        }
    }

    @Test func createsAnOrganizationProfileWithDetailsAndCustomers() async throws {
        try await T.with(.agent) { api, _ async throws in
            let profile = try await api.createOrganizationProfile(
                name: "Hooli", details: [CSMDetailAssignment(name: "Industry", values: ["Finance"])],
                customerIDs: [T.dana])
            #expect(profile.values(of: "Industry") == ["Finance"])
            #expect(profile.customers == [CSMRecordReference(id: T.dana, name: "Dana Smith")])
            #expect(try await api.customer(id: T.dana).organizations.map(\.name) == ["Hooli"])
        }
    }

    @Test func aProfileWithAnUnknownCustomerCreatesNothing() async throws {
        try await T.with(.agent) { api, _ async throws in
            let status = await T.status {
                _ = try await api.createOrganizationProfile(name: "Hooli", customerIDs: ["qm:nobody"])
            }
            #expect(status == 400)
            #expect(try await api.organizations(names: ["Hooli"]).isEmpty)
        }
    }

    @Test func aProfileWithAnUnknownFieldIsABadRequest() async throws {
        try await T.with(.agent) { api, _ async throws in
            let details = [CSMDetailAssignment(name: "Shoe Size", values: ["9"])]
            let status = await T.status { _ = try await api.createOrganizationProfile(name: "Hooli", details: details) }
            #expect(status == 400)
        }
    }

    @Test func fetchesOrganizationProfilesLeavingOutUnknownIds() async throws {
        try await T.with(.agent) { api, _ async throws in
            let profiles = try await api.organizationProfiles(ids: ["2", "99", "1"])
            #expect(profiles.map(\.name) == ["Globex Inc", "Acme Corporation"])
            #expect(profiles.first?.customers.map(\.id) == [T.bob])
        }
    }

    @Test func fetchingMoreThan25OrganizationProfilesIsABadRequest() async throws {
        try await T.with(.agent) { api, _ async throws in
            let status = await T.status { _ = try await api.organizationProfiles(ids: (1...26).map(String.init)) }
            #expect(status == 400)
        }
    }

    @Test func anOrganizationProfileDecodesTolerantly() throws {
        let profile = try JSONDecoder().decode(
            CSMOrganizationProfile.self, from: Data(#"{"id":"1","name":"A","more":true}"#.utf8))
        #expect(profile == CSMOrganizationProfile(id: "1", name: "A"))
    }
}
