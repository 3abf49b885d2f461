import CSMSandbox
import Foundation
import TestSupport
import Testing

@testable import CSMAPI
@testable import CSMAuth

/// Products against the sandbox: the cursor-paged list and create, read, rename, delete.
@Suite(.waiting, .serialized) struct CSMProductAPITests {
    @Test func listsTheSeededProducts() async throws {
        try await APILogin.with { api, _ in
            let products = try await api.products().collect()
            #expect(products.map(\.name) == ["Acme Widget", "Acme Cloud Backup", "Acme Support Plus"])
            #expect(products[0].id == "3858a61a-6d5e-4c1b-9b5e-000000000001")
        }
    }

    @Test func pagesThroughProductsWithTheCursor() async throws {
        try await APILogin.with(pageSize: 2) { api, home in
            _ = try await api.createProduct(name: "Acme Anvil")
            home.sandbox.resetStats()
            let products = try await api.products().collect()
            #expect(products.count == 4)
            #expect(Set(products.map(\.id)).count == 4)
            #expect(home.sandbox.stats.apiRequests == 2)
        }
    }

    @Test func createsReadsRenamesAndDeletesAProduct() async throws {
        try await APILogin.with(.agent) { api, _ in
            let created = try await api.createProduct(name: "Acme Anvil")
            #expect(created.name == "Acme Anvil")
            #expect(try await api.product(id: created.id) == created)
            let renamed = try await api.renameProduct(id: created.id, to: "Acme Anvil Pro")
            #expect(renamed == CSMProduct(id: created.id, name: "Acme Anvil Pro"))
            try await api.deleteProduct(id: created.id)
            let error = await #expect(throws: CSMAPIError.self) { try await api.product(id: created.id) }
            #expect(error?.status == 404)
        }
    }

    @Test func deletingAProductDeletesItsEntitlements() async throws {
        try await APILogin.with { api, _ in
            let product = try await api.createProduct(name: "Short-lived")
            let entitlement = try await api.createEntitlement(for: .organization, id: "3", productID: product.id)
            try await api.deleteProduct(id: product.id)
            let error = await #expect(throws: CSMAPIError.self) { try await api.entitlement(id: entitlement.id) }
            #expect(error?.status == 404)
        }
    }

    @Test func aDuplicateProductNameIsABadRequest() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) { try await api.createProduct(name: "acme widget") }
            #expect(error?.status == 400)
            #expect(error?.messages.first?.contains("already exists") == true)
        }
    }

    @Test func anEmptyProductNameIsABadRequest() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) { try await api.createProduct(name: "  ") }
            #expect(error?.status == 400)
        }
    }

    @Test func renamingToAnotherProductsNameIsABadRequest() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.renameProduct(id: "3858a61a-6d5e-4c1b-9b5e-000000000001", to: "Acme Cloud Backup")
            }
            #expect(error?.status == 400)
        }
    }

    @Test func anUnknownProductIsNotFound() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) { try await api.product(id: "nope") }
            #expect(error?.status == 404)
            #expect(error?.request == "GET product/nope")
        }
    }

    @Test func deletingAnUnknownProductIsNotFound() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) { try await api.deleteProduct(id: "nope") }
            #expect(error?.status == 404)
        }
    }

    @Test func aCursorTheListDidNotGiveIsABadRequest() async throws {
        try await APILogin.with { api, _ in
            let response = try await APILogin.raw(api, "GET", "product?cursor=forged")
            #expect(response.status == 400)
        }
    }

    @Test func aCustomerMayNotViewProducts() async throws {
        try await APILogin.with(.customer) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) { try await api.products().collect() }
            #expect(error?.status == 403)
        }
    }

    @Test func aCustomerMayNotCreateProducts() async throws {
        try await APILogin.with(.customer) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) { try await api.createProduct(name: "Mine") }
            #expect(error?.status == 403)
        }
    }

    @Test func aLoginWithoutTheProductScopeIsAskedToLogInAgain() async throws {
        try await APILogin.with(
            SandboxConfiguration(autoApprove: true), scopes: ["read:customer:jira-service-management"]
        ) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.product(id: "3858a61a-6d5e-4c1b-9b5e-000000000001")
            }
            #expect(error?.status == 401)
            #expect(error?.missingScope == "read:product:jira-service-management")
        }
    }
}
