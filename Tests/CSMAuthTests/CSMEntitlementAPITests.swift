import CSMSandbox
import Foundation
import TestSupport
import Testing

@testable import CSMAPI
@testable import CSMAuth

/// Entitlements and their detail fields against the sandbox.
@Suite(.waiting, .serialized) struct CSMEntitlementAPITests {
    static let acmeWidget = "3858a61a-6d5e-4c1b-9b5e-000000000001"
    static let supportPlus = "3858a61a-6d5e-4c1b-9b5e-000000000003"
    static let acmeWidgetForAcme = "7f1b2c3d-8e9f-4a0b-8c1d-000000000001"
    static let chenWei = "qm:5f0c1d2e-7a31-4c55-9d1e-000000000103"

    // MARK: Detail-field definitions

    @Test func listsAndManagesTheEntitlementFields() async throws {
        try await APILogin.with { api, _ in
            #expect(
                try await api.detailFields(of: .entitlement).map(\.name) == ["Support Tier", "Seats", "Renewal Date"])
            _ = try await api.createDetailField(
                of: .entitlement, name: "Region", type: CSMDetailFieldType(name: "TEXT"))
            _ = try await api.updateDetailField(
                of: .entitlement, named: "Support Tier", options: ["Standard", "Premium"])
            try await api.deleteDetailField(of: .entitlement, named: "Seats")
            #expect(
                try await api.detailFields(of: .entitlement).map(\.name) == ["Support Tier", "Renewal Date", "Region"])
            #expect(
                try await api.entitlement(id: Self.acmeWidgetForAcme).details.map(\.name) == [
                    "Support Tier", "Renewal Date", "Region",
                ])
        }
    }

    @Test func anAgentMayNotManageEntitlementFields() async throws {
        try await APILogin.with(.agent) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.createDetailField(
                    of: .entitlement, name: "Region", type: CSMDetailFieldType(name: "TEXT"))
            }
            #expect(error?.status == 403)
        }
    }

    // MARK: One entitlement

    @Test func readsAnEntitlementWithItsProductHolderAndDetails() async throws {
        try await APILogin.with(.agent) { api, _ in
            let entitlement = try await api.entitlement(id: Self.acmeWidgetForAcme)
            #expect(entitlement.product == CSMProduct(id: Self.acmeWidget, name: "Acme Widget"))
            #expect(entitlement.holder == .organization)
            #expect(entitlement.holderID == "1")
            #expect(entitlement.values(of: "support tier") == ["Premium"])
            #expect(entitlement.values(of: "Seats") == ["50"])
        }
    }

    @Test func anUnknownEntitlementIsNotFound() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) { try await api.entitlement(id: "nope") }
            #expect(error?.status == 404)
        }
    }

    @Test func aCustomerMayNotViewEntitlements() async throws {
        try await APILogin.with(.customer) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.entitlement(id: Self.acmeWidgetForAcme)
            }
            #expect(error?.status == 403)
        }
    }

    @Test func setsAndClearsAnEntitlementDetail() async throws {
        try await APILogin.with(.agent) { api, _ in
            let field = try await api.setEntitlementDetail(id: Self.acmeWidgetForAcme, field: "Seats", values: ["75"])
            #expect(field.name == "Seats")
            #expect(field.values == ["75"])
            #expect(field.type?.name == "NUMBER")
            try await api.setEntitlementDetail(id: Self.acmeWidgetForAcme, field: "Support Tier", values: [])
            let entitlement = try await api.entitlement(id: Self.acmeWidgetForAcme)
            #expect(entitlement.values(of: "Seats") == ["75"])
            #expect(entitlement.values(of: "Support Tier").isEmpty)
        }
    }

    @Test func aValueOfTheWrongTypeIsABadRequest() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.setEntitlementDetail(id: Self.acmeWidgetForAcme, field: "Seats", values: ["many"])
            }
            #expect(error?.status == 400)
        }
    }

    @Test func settingAnUnknownEntitlementFieldIsNotFound() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.setEntitlementDetail(id: Self.acmeWidgetForAcme, field: "Colour", values: ["Red"])
            }
            #expect(error?.status == 404)
        }
    }

    @Test func settingADetailOfAnUnknownEntitlementIsNotFound() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.setEntitlementDetail(id: "nope", field: "Seats", values: ["1"])
            }
            #expect(error?.status == 404)
        }
    }

    @Test func deletesAnEntitlement() async throws {
        try await APILogin.with(.agent) { api, _ in
            try await api.deleteEntitlement(id: Self.acmeWidgetForAcme)
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.entitlement(id: Self.acmeWidgetForAcme)
            }
            #expect(error?.status == 404)
        }
    }

    @Test func deletingAnUnknownEntitlementIsNotFound() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) { try await api.deleteEntitlement(id: "nope") }
            #expect(error?.status == 404)
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

    // MARK: Creating

    @Test func entitlesACustomerWithDetails() async throws {
        try await APILogin.with(.agent) { api, _ in
            let created = try await api.createEntitlement(
                for: .customer, id: Self.chenWei, productID: Self.supportPlus,
                details: [CSMEntitlementDetail(name: "Support Tier", values: ["Enterprise"])])
            #expect(created.holder == .customer)
            #expect(created.holderID == Self.chenWei)
            #expect(created.product?.name == "Acme Support Plus")
            #expect(created.values(of: "Support Tier") == ["Enterprise"])
            #expect(try await api.entitlement(id: created.id) == created)
        }
    }

    @Test func entitlingTwiceToOneProductIsABadRequest() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.createEntitlement(for: .organization, id: "1", productID: Self.acmeWidget)
            }
            #expect(error?.status == 400)
        }
    }

    @Test func aBadDetailOnCreateIsABadRequestAndCreatesNothing() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.createEntitlement(
                    for: .organization, id: "3", productID: Self.acmeWidget,
                    details: [CSMEntitlementDetail(name: "Support Tier", values: ["Gold"])])
            }
            #expect(error?.status == 400)
            let held = try await api.heldEntitlements(of: .organization, id: "3").collect()
            #expect(held.isEmpty)
        }
    }

    @Test func entitlingToAnUnknownProductIsNotFound() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.createEntitlement(for: .organization, id: "3", productID: "nope")
            }
            #expect(error?.status == 404)
        }
    }

    @Test func entitlingAnUnknownOrganizationIsNotFound() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.createEntitlement(for: .organization, id: "999", productID: Self.acmeWidget)
            }
            #expect(error?.status == 404)
        }
    }

    @Test func aCreateWithoutAProductIsABadRequest() async throws {
        try await APILogin.with { api, _ in
            let response = try await APILogin.raw(api, "POST", "organization/3/entitlement", body: #"{"details":[]}"#)
            #expect(response.status == 400)
        }
    }

    @Test func aCustomerMayNotCreateEntitlements() async throws {
        try await APILogin.with(.customer) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.createEntitlement(
                    for: .customer, id: SandboxUser.customer.accountID, productID: Self.acmeWidget)
            }
            #expect(error?.status == 403)
        }
    }

    // MARK: Lists

    @Test func aCustomersHeldEntitlementsIncludeTheirOrganizations() async throws {
        try await APILogin.with(.agent) { api, _ in
            let held = try await api.heldEntitlements(of: .customer, id: Self.chenWei).collect()
            #expect(held.map(\.holderID) == ["1", "1"])
            let filtered = try await api.heldEntitlements(of: .customer, id: Self.chenWei, productID: Self.supportPlus)
                .collect()
            #expect(filtered.map(\.product?.name) == ["Acme Support Plus"])
        }
    }

    @Test func heldEntitlementsOfAnUnknownCustomerAreNotFound() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.heldEntitlements(of: .customer, id: "nope").collect()
            }
            #expect(error?.status == 404)
        }
    }

    @Test func heldEntitlementsOfAnEmptyIDAreRefusedBeforeSending() async throws {
        try await APILogin.with { api, home in
            home.sandbox.resetStats()
            // Sent, `organization//entitlement` would be another endpoint's path.
            let error = #expect(throws: CSMAuthError.self) { _ = try api.heldEntitlements(of: .organization, id: "") }
            #expect(error?.code == .invalidInput)
            #expect(home.sandbox.stats.apiRequests == 0)
        }
    }

    @Test func listsTheEntitlementsAnOrganizationHoldsItself() async throws {
        try await APILogin.with(.agent) { api, _ in
            let all = try await api.entitlements(of: .organization, id: "1").collect()
            #expect(all.map(\.product?.name) == ["Acme Widget", "Acme Support Plus"])
            let own = try await api.entitlements(of: .customer, id: Self.chenWei).collect()
            #expect(own.isEmpty)
            let filtered = try await api.entitlements(of: .organization, id: "1", productID: Self.acmeWidget).collect()
            #expect(filtered.map(\.id) == [Self.acmeWidgetForAcme])
        }
    }

    @Test func pagesThroughEntitlementsByStart() async throws {
        try await APILogin.with(pageSize: 2) { api, home in
            _ = try await api.createEntitlement(
                for: .organization, id: "1", productID: "3858a61a-6d5e-4c1b-9b5e-000000000002")
            home.sandbox.resetStats()
            let all = try await api.entitlements(of: .organization, id: "1").collect()
            #expect(all.count == 3)
            #expect(Set(all.map(\.id)).count == 3)
            #expect(home.sandbox.stats.apiRequests == 2)
        }
    }

    @Test func listingEntitlementsWithoutTheOptInIsAPreconditionFailure() async throws {
        try await APILogin.with { api, _ in
            let response = try await APILogin.raw(api, "GET", "entitlements?entityType=ORGANIZATION&entityId=1")
            #expect(response.status == 412)
        }
    }

    @Test func listingEntitlementsWithoutAnEntityTypeIsABadRequest() async throws {
        try await APILogin.with { api, _ in
            let response = try await APILogin.raw(api, "GET", "entitlements?entityId=1", headers: [APILogin.optIn])
            #expect(response.status == 400)
        }
    }

    @Test func anUnknownEntityTypeIsABadRequest() async throws {
        try await APILogin.with { api, _ in
            let response = try await APILogin.raw(
                api, "GET", "entitlements?entityType=PRODUCT&entityId=1", headers: [APILogin.optIn])
            #expect(response.status == 400)
        }
    }

    @Test func listingEntitlementsWithoutAnEntityIdIsABadRequest() async throws {
        try await APILogin.with { api, _ in
            let response = try await APILogin.raw(
                api, "GET", "entitlements?entityType=CUSTOMER", headers: [APILogin.optIn])
            #expect(response.status == 400)
        }
    }

    @Test func aLimitOverTwentyFiveIsCappedAtTwentyFive() async throws {
        try await APILogin.with { api, _ in
            let response = try await APILogin.raw(
                api, "GET", "entitlements?entityType=ORGANIZATION&entityId=1&limit=100", headers: [APILogin.optIn])
            #expect(response.status == 200)
            let page = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
            #expect(page?["limit"] as? Int == 25)
        }
    }

    @Test func listingTheEntitlementsOfAnUnknownOrganizationIsNotFound() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.entitlements(of: .organization, id: "999").collect()
            }
            #expect(error?.status == 404)
        }
    }

    @Test func aCustomerMayNotListEntitlements() async throws {
        try await APILogin.with(.customer) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.entitlements(of: .customer, id: SandboxUser.customer.accountID).collect()
            }
            #expect(error?.status == 403)
        }
    }

    // MARK: Decoding

    @Test func anEntitlementWithTheHolderAtTheTopLevelIsRead() throws {
        let json = #"{"id":"e1","productId":"p1","entityType":"customer","entityId":"c1","extra":true}"#
        let entitlement = try JSONDecoder().decode(CSMEntitlement.self, from: Data(json.utf8))
        #expect(
            entitlement
                == CSMEntitlement(id: "e1", product: CSMProduct(id: "p1", name: ""), holder: .customer, holderID: "c1"))
    }
}
