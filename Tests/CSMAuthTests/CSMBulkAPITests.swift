import CSMSandbox
import Foundation
import TestSupport
import Testing

@testable import CSMAPI
@testable import CSMAuth

/// The bulk calls and the task API against the sandbox: submit, wait, see the effect on the records.
@Suite(.waiting, .serialized) struct CSMBulkAPITests {
    /// Tasks end 0.2 s after they are accepted: fast tests.
    static let fast = SandboxConfiguration(autoApprove: true, bulkTaskDelay: 0.2)
    /// Tasks stay unfinished for a minute: long enough for any test to see them unfinished.
    static let slow = SandboxConfiguration(autoApprove: true, bulkTaskDelay: 3600)

    static let firstCreatedAccount = "qm:b01c0000-0000-4000-8000-000000000001"

    static let regionUpdate =
        #"{"customers":[{"customerId":"qm:5f0c1d2e-7a31-4c55-9d1e-000000000101","operations":[{"operationType":"UPDATE","payload":{"name":"Region","values":["US"]}}]}]}"#

    // MARK: Detail-field definitions

    @Test func createsCustomerFieldsInOneTask() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let fields = [
                CSMDetailField(name: "Tier", type: CSMDetailFieldType(name: "SELECT", options: ["Free", "Premium"])),
                CSMDetailField(name: "Account Manager", type: CSMDetailFieldType(name: "TEXT")),
            ]
            let submission = try await api.bulkCreateDetailFields(of: .customer, fields)
            #expect(submission.statusUrl == "/api/v1/tasks/\(submission.id)")
            let task = try await api.waitForTask(submission)
            #expect(task.status == .finished)
            #expect(task.type == "BULK_CUSTOMER_DETAIL_FIELD_CREATE")
            #expect(task.failures.isEmpty)
            let created = try await api.detailFields(of: .customer).suffix(2)
            #expect(created.map(\.name) == ["Tier", "Account Manager"])
            #expect(created.first?.type.options == ["Free", "Premium"])
        }
    }

    @Test func createsOrganizationFieldsInOneTask() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let submission = try await api.bulkCreateDetailFields(
                of: .organization, [CSMDetailField(name: "Renewal Date", type: CSMDetailFieldType(name: "DATE"))])
            #expect(try await api.waitForTask(submission).status == .finished)
            #expect(try await api.detailFields(of: .organization).last?.name == "Renewal Date")
        }
    }

    @Test func aNameTwiceInOneRequestIsRefusedAndNothingIsCreated() async throws {
        try await APILogin.with(Self.fast) { api, home in
            let fields = [
                CSMDetailField(name: "Tier", type: CSMDetailFieldType(name: "TEXT")),
                CSMDetailField(name: " tier ", type: CSMDetailFieldType(name: "TEXT")),
            ]
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.bulkCreateDetailFields(of: .customer, fields)
            }
            #expect(error?.status == 400)
            #expect(error?.messages.first?.contains("already exists") == true)
            let names = try await api.detailFields(of: .customer).map(\.name)
            #expect(!names.contains("Tier"))
        }
    }

    @Test func aNameOfAnExistingFieldIsRefused() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let fields = [
                CSMDetailField(name: "Tier", type: CSMDetailFieldType(name: "TEXT")),
                CSMDetailField(name: "REGION", type: CSMDetailFieldType(name: "TEXT")),
            ]
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.bulkCreateDetailFields(of: .customer, fields)
            }
            #expect(error?.status == 400)
            let names = try await api.detailFields(of: .customer).map(\.name)
            #expect(!names.contains("Tier"))
        }
    }

    @Test func definitionsNeedNoOptIn() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let response = try await APILogin.raw(
                api, "POST", "customer/details/definitions/bulk", headers: [HTTPHeader("Idempotency-Key", "k1")],
                body: #"{"detailFields":[{"name":"Tier","type":{"name":"TEXT"}}]}"#)
            #expect(response.status == 200)
        }
    }

    @Test func anAgentMayNotCreateFieldsInBulk() async throws {
        try await APILogin.with(
            SandboxConfiguration(autoApprove: true, defaultUserEmail: SandboxUser.agent.email, bulkTaskDelay: 0.2)
        ) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.bulkCreateDetailFields(
                    of: .customer, [CSMDetailField(name: "Tier", type: CSMDetailFieldType(name: "TEXT"))])
            }
            #expect(error?.status == 403)
        }
    }

    @Test func entitlementsHaveNoBulkCalls() async throws {
        try await APILogin.with(Self.fast) { api, home in
            home.sandbox.resetStats()
            await #expect(throws: CSMAuthError.self) { try await api.bulkUpdateDetails(of: .entitlement, []) }
            #expect(home.sandbox.stats.apiRequests == 0)
        }
    }

    // MARK: Detail values

    @Test func updatesPatchesAndClearsCustomerDetails() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let submission = try await api.bulkUpdateDetails(
                of: .customer,
                [
                    CSMBulkRecordDetails(
                        id: APILogin.alice,
                        changes: [
                            .update("Region", to: ["US"]), .patch("Products", adding: ["Loom", "Jira"]),
                            .delete("Support Level"),
                        ]),
                    CSMBulkRecordDetails(id: APILogin.bob, changes: [.update("Notes", to: ["Prefers email"])]),
                ])
            let task = try await api.waitForTask(submission)
            #expect(task.status == .finished)
            #expect(task.type == "BULK_CUSTOMER_DETAILS_UPDATE")
            #expect(task.failures.isEmpty)
            let alice = try await api.customer(id: APILogin.alice)
            #expect(alice.values(of: "Region") == ["US"])
            #expect(alice.values(of: "Products") == ["Jira", "Confluence", "Loom"])
            #expect(alice.values(of: "Support Level").isEmpty)
            #expect(try await api.customer(id: APILogin.bob).values(of: "Notes") == ["Prefers email"])
        }
    }

    @Test func updatesOrganizationDetails() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let submission = try await api.bulkUpdateDetails(
                of: .organization,
                [
                    CSMBulkRecordDetails(
                        id: "2", changes: [.update("Employees", to: ["800"]), .update("Industry", to: ["Retail"])])
                ])
            #expect(try await api.waitForTask(submission).failures.isEmpty)
            let globex = try await api.organization(id: "2")
            #expect(globex.values(of: "Employees") == ["800"])
            #expect(globex.values(of: "Industry") == ["Retail"])
        }
    }

    @Test func itemsThatCannotBeAppliedAreListedAndTheRestIsApplied() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let submission = try await api.bulkUpdateDetails(
                of: .customer,
                [
                    CSMBulkRecordDetails(id: "qm:nobody", changes: [.update("Region", to: ["EU"])]),
                    CSMBulkRecordDetails(
                        id: APILogin.bob,
                        changes: [
                            .update("Shoe Size", to: ["44"]), .update("Region", to: ["Mars"]),
                            .update("Notes", to: ["ok"]),
                        ]),
                ])
            let task = try await api.waitForTask(submission)
            #expect(task.status == .finished)
            #expect(task.failures.map(\.entityId) == ["qm:nobody", APILogin.bob, APILogin.bob])
            #expect(task.failures.map(\.operatedOnIds) == [["Region"], ["Shoe Size"], ["Region"]])
            #expect(
                task.failures.allSatisfy {
                    $0.entity == "CUSTOMER" && $0.operation == "UPDATE" && $0.operatedOn == "CUSTOMER_DETAIL"
                })
            #expect(task.failures[2].error?.contains("Mars") == true)
            let bob = try await api.customer(id: APILogin.bob)
            #expect(bob.values(of: "Notes") == ["ok"])
            #expect(bob.values(of: "Region") == ["US"])
        }
    }

    @Test func moreThanAThousandDetailOperationsAreRefused() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let changes = Array(repeating: CSMBulkDetailChange.update("Notes", to: ["x"]), count: 501)
            let records = [
                CSMBulkRecordDetails(id: APILogin.alice, changes: changes),
                CSMBulkRecordDetails(id: APILogin.bob, changes: changes),
            ]
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.bulkUpdateDetails(of: .customer, records)
            }
            #expect(error?.status == 400)
            #expect(error?.messages.first?.contains("1000") == true)
        }
    }

    @Test func aBodyWithoutItsListIsABadRequest() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let response = try await APILogin.raw(
                api, "POST", "customer/details/bulk", headers: [HTTPHeader("Idempotency-Key", "k1"), APILogin.optIn],
                body: #"{"records":[]}"#)
            #expect(response.status == 400)
        }
    }

    @Test func anUnknownOperationTypeIsABadRequest() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let body =
                #"{"customers":[{"customerId":"x","operations":[{"operationType":"MERGE","payload":{"name":"Region","values":[]}}]}]}"#
            let response = try await APILogin.raw(
                api, "POST", "customer/details/bulk", headers: [HTTPHeader("Idempotency-Key", "k1"), APILogin.optIn],
                body: body)
            #expect(response.status == 400)
            #expect(String(decoding: response.body, as: UTF8.self).contains("UPDATE, PATCH, DELETE"))
        }
    }

    // MARK: Accounts and organizations

    @Test func createsAndRenamesCustomerAccounts() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let submission = try await api.bulkCustomerAccounts([
                .create(email: "erin@example.com", displayName: "Erin Example"),
                .update(id: APILogin.bob, displayName: "Robert Martin"),
            ])
            let task = try await api.waitForTask(submission)
            #expect(task.failures.isEmpty)
            #expect(task.type == "BULK_CUSTOMER_ACCOUNT_CREATE_UPDATE")
            let erin = try await api.customer(id: Self.firstCreatedAccount)
            #expect(erin.name == "Erin Example")
            #expect(erin.email == "erin@example.com")
            #expect(try await api.customer(id: APILogin.bob).name == "Robert Martin")
        }
    }

    @Test func anAccountWithATakenEmailIsAFailure() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let submission = try await api.bulkCustomerAccounts([
                .create(email: "BOB.martin@globex.example", displayName: "Bob Two")
            ])
            let task = try await api.waitForTask(submission)
            #expect(task.failures.count == 1)
            #expect(task.failures.first?.entityId == APILogin.bob)
            #expect(task.failures.first?.operatedOn == "CUSTOMER_ACCOUNT")
        }
    }

    /// The bulk call looked for a taken email before trimming it, so a leading space made a second Alice.
    @Test func anAccountWithATakenEmailAfterASpaceIsAFailureAndNothingIsCreated() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let submission = try await api.bulkCustomerAccounts([
                .create(email: " alice.zhang@acme.example", displayName: "Alice Two")
            ])
            let task = try await api.waitForTask(submission)
            #expect(task.failures.count == 1)
            #expect(task.failures.first?.entityId == APILogin.alice)
            #expect(task.failures.first?.error?.contains("already exists") == true)
            let error = await #expect(throws: CSMAPIError.self) { try await api.customer(id: Self.firstCreatedAccount) }
            #expect(error?.status == 404)
        }
    }

    @Test func anAccountWithAnInvalidEmailIsAFailureAndNothingIsCreated() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let task = try await api.waitForTask(
                try await api.bulkCustomerAccounts([.create(email: "not-an-email", displayName: "Nobody")]))
            #expect(task.failures.map(\.operatedOnIds) == [["not-an-email"]])
            #expect(task.failures.first?.error?.contains("not a valid email") == true)
            let error = await #expect(throws: CSMAPIError.self) { try await api.customer(id: Self.firstCreatedAccount) }
            #expect(error?.status == 404)
        }
    }

    @Test func anAccountRenamedToMoreThan255CharactersIsAFailure() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let task = try await api.waitForTask(
                try await api.bulkCustomerAccounts([
                    .update(id: APILogin.bob, displayName: String(repeating: "b", count: 256))
                ]))
            #expect(task.failures.first?.error?.contains("1 to 255 characters") == true)
            #expect(try await api.customer(id: APILogin.bob).name == "Bob Martin")
        }
    }

    @Test func moreThanFiftyAccountsAreRefused() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let changes = (1...51).map {
                CSMBulkAccountChange.create(email: "u\($0)@example.com", displayName: "User \($0)")
            }
            let error = await #expect(throws: CSMAPIError.self) { try await api.bulkCustomerAccounts(changes) }
            #expect(error?.status == 400)
        }
    }

    @Test func anAgentMayNotManageAccounts() async throws {
        try await APILogin.with(
            SandboxConfiguration(autoApprove: true, defaultUserEmail: SandboxUser.agent.email, bulkTaskDelay: 0.2)
        ) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.bulkCustomerAccounts([.create(email: "erin@example.com", displayName: "Erin")])
            }
            #expect(error?.status == 403)
        }
    }

    @Test func createsRenamesAndDeletesOrganizations() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let submission = try await api.bulkOrganizations([
                .create(name: "Umbrella"), .update(id: "2", name: "Globex Corporation"), .delete(id: "3"),
            ])
            let task = try await api.waitForTask(submission)
            #expect(task.failures.isEmpty)
            #expect(try await api.organization(id: "4").name == "Umbrella")
            #expect(try await api.organization(id: "2").name == "Globex Corporation")
            let error = await #expect(throws: CSMAPIError.self) { try await api.organization(id: "3") }
            #expect(error?.status == 404)
            #expect(try await api.customer(id: APILogin.chen).organizations.map(\.id) == ["1"])
        }
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

    @Test func anOrganizationNameIsTrimmedAndLimitedAsInTheSingleCalls() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let task = try await api.waitForTask(
                try await api.bulkOrganizations([
                    .create(name: "  Umbrella  "), .update(id: "2", name: String(repeating: "g", count: 256)),
                ]))
            #expect(task.failures.map(\.operation) == ["UPDATE"])
            #expect(try await api.organization(id: "4").name == "Umbrella")
            #expect(try await api.organization(id: "2").name == "Globex Inc")
        }
    }

    @Test func anUnknownOrganizationIsAFailure() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let task = try await api.waitForTask(
                try await api.bulkOrganizations([.delete(id: "99"), .create(name: "Umbrella")]))
            #expect(task.failures.map(\.operation) == ["DELETE"])
            #expect(try await api.organization(id: "4").name == "Umbrella")
        }
    }

    // MARK: Profiles

    @Test func createsAndUpsertsCustomerProfiles() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let submission = try await api.bulkCustomerProfiles([
                CSMBulkCustomerProfile(
                    .create, email: "erin@example.com", displayName: "Erin Example",
                    details: [CSMBulkFieldValues(name: "Region", values: ["APAC"])],
                    organizationIds: ["2"]),
                CSMBulkCustomerProfile(
                    .upsert, email: "alice.zhang@acme.example",
                    details: [CSMBulkFieldValues(name: "Support Level", values: ["Silver"])]),
            ])
            let task = try await api.waitForTask(submission)
            #expect(task.failures.isEmpty)
            #expect(task.type == "BULK_CUSTOMER_PROFILE_CREATE_UPDATE")
            let erin = try await api.customer(id: Self.firstCreatedAccount)
            #expect(erin.values(of: "Region") == ["APAC"])
            #expect(erin.organizations.map(\.id) == ["2"])
            #expect(try await api.customer(id: APILogin.alice).values(of: "Support Level") == ["Silver"])
        }
    }

    @Test func aProfileUpdateOfNobodyIsAFailure() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let task = try await api.waitForTask(
                try await api.bulkCustomerProfiles([CSMBulkCustomerProfile(.update, id: "qm:nobody", displayName: "X")])
            )
            #expect(task.failures.first?.entityId == "qm:nobody")
            #expect(task.failures.first?.operation == "UPDATE")
        }
    }

    @Test func aProfileCreateWithoutAnEmailIsABadRequest() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.bulkCustomerProfiles([CSMBulkCustomerProfile(.create, displayName: "No Email")])
            }
            #expect(error?.status == 400)
        }
    }

    @Test func aProfileCreateWithAnInvalidEmailIsAFailure() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let task = try await api.waitForTask(
                try await api.bulkCustomerProfiles([
                    CSMBulkCustomerProfile(.create, email: "not-an-email", displayName: "Nobody")
                ]))
            #expect(task.failures.first?.operation == "CREATE")
            #expect(task.failures.first?.error?.contains("not a valid email") == true)
        }
    }

    @Test func upsertsOrganizationProfiles() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let submission = try await api.bulkOrganizationProfiles([
                CSMBulkOrganizationProfile(
                    .upsert, name: "Umbrella", details: [CSMBulkFieldValues(name: "Industry", values: ["Healthcare"])],
                    customerIds: [APILogin.bob]),
                CSMBulkOrganizationProfile(
                    .update, id: "1", details: [CSMBulkFieldValues(name: "Employees", values: ["1300"])]),
                CSMBulkOrganizationProfile(.upsert, id: "77"),
            ])
            let task = try await api.waitForTask(submission)
            // An UPSERT with only an id finds nothing and creates nothing.
            #expect(task.failures.map(\.entityId) == ["77"])
            #expect(try await api.organization(id: "4").values(of: "Industry") == ["Healthcare"])
            #expect(try await api.customer(id: APILogin.bob).organizations.map(\.name) == ["Globex Inc", "Umbrella"])
            #expect(try await api.organization(id: "1").values(of: "Employees") == ["1300"])
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

    // MARK: Idempotency

    @Test func theSameKeyAndBodyAnswerTheSameTaskAndMakeNoOther() async throws {
        try await APILogin.with(Self.slow) { api, _ in
            let records = [CSMBulkRecordDetails(id: APILogin.alice, changes: [.update("Region", to: ["US"])])]
            let first = try await api.bulkUpdateDetails(of: .customer, records, idempotencyKey: "key-1")
            for _ in 1...6 {
                #expect(try await api.bulkUpdateDetails(of: .customer, records, idempotencyKey: "key-1") == first)
            }
            // Only one task counts towards the limit of ten: nine more fit.
            for index in 1...9 {
                _ = try await api.bulkUpdateDetails(of: .customer, records, idempotencyKey: "other-\(index)")
            }
            await #expect(throws: CSMAPIError.self) {
                try await api.bulkUpdateDetails(of: .customer, records, idempotencyKey: "other-10")
            }
        }
    }

    @Test func theSameKeyWithAnotherBodyIsABadRequest() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            _ = try await api.bulkUpdateDetails(
                of: .customer, [CSMBulkRecordDetails(id: APILogin.alice, changes: [.update("Region", to: ["US"])])],
                idempotencyKey: "key-1")
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.bulkUpdateDetails(
                    of: .customer, [CSMBulkRecordDetails(id: APILogin.alice, changes: [.update("Region", to: ["EU"])])],
                    idempotencyKey: "key-1")
            }
            #expect(error?.status == 400)
            #expect(error?.messages.first?.contains("already used with a different request") == true)
        }
    }

    @Test func aBulkCallWithoutAKeyIsABadRequest() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let response = try await APILogin.raw(
                api, "POST", "customer/details/bulk", headers: [APILogin.optIn], body: Self.regionUpdate)
            #expect(response.status == 400)
            #expect(String(decoding: response.body, as: UTF8.self).contains("Idempotency-Key"))
        }
    }

    @Test func anEmptyKeyIsRefusedBeforeSending() async throws {
        try await APILogin.with(Self.fast) { api, home in
            home.sandbox.resetStats()
            await #expect(throws: CSMAuthError.self) {
                try await api.bulkOrganizations([.create(name: "X")], idempotencyKey: "")
            }
            #expect(home.sandbox.stats.apiRequests == 0)
        }
    }

    @Test func aKeyWithALineBreakIsRefusedBeforeSending() async throws {
        try await APILogin.with(Self.fast) { api, home in
            home.sandbox.resetStats()
            let error = await #expect(throws: CSMAuthError.self) {
                try await api.bulkOrganizations([.create(name: "X")], idempotencyKey: "key\r\nX-Other: 1")
            }
            #expect(error?.code == .invalidInput)
            #expect(home.sandbox.stats.apiRequests == 0)
        }
    }

    // MARK: Limits and opt-in

    @Test func anEleventhUnfinishedBulkTaskIsRefused() async throws {
        try await APILogin.with(Self.slow) { api, _ in
            for index in 1...10 {
                _ = try await api.bulkOrganizations([.create(name: "Org \(index)")])
            }
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.bulkOrganizations([.create(name: "Org 11")])
            }
            #expect(error?.status == 400)
            #expect(error?.messages == ["Maximum number of tasks reached"])
        }
    }

    @Test func finishedTasksLeaveRoomForNewOnes() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            for index in 1...11 {
                let task = try await api.waitForTask(try await api.bulkOrganizations([.create(name: "Org \(index)")]))
                #expect(task.status == .finished)
            }
        }
    }

    @Test func experimentalBulkCallsNeedTheOptIn() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let response = try await APILogin.raw(
                api, "POST", "customer/details/bulk", headers: [HTTPHeader("Idempotency-Key", "k1")],
                body: Self.regionUpdate)
            #expect(response.status == 412)
            for path in [
                "customer/bulk", "organization/bulk", "organization/details/bulk", "customer/profile/bulk",
                "organization/profile/bulk",
            ] {
                #expect(
                    try await APILogin.raw(
                        api, "POST", path, headers: [HTTPHeader("Idempotency-Key", "k1")], body: "{}"
                    ).status == 412, "\(path)")
            }
        }
    }

    @Test func readingATaskNeedsTheOptIn() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let submission = try await api.bulkOrganizations([.create(name: "Umbrella")])
            #expect(try await APILogin.raw(api, "GET", "tasks/\(submission.id)", headers: []).status == 412)
            #expect(
                try await APILogin.raw(api, "GET", "tasks/\(submission.id)", headers: [APILogin.optIn]).status == 200)
        }
    }

    @Test func aBulkCallWithoutItsScopeAsksForALogin() async throws {
        try await APILogin.with(
            Self.fast, scopes: APILogin.allScopes.filter { $0 != "write:organization.profile:jira-service-management" }
        ) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.bulkOrganizationProfiles([CSMBulkOrganizationProfile(.upsert, name: "X")])
            }
            #expect(error?.status == 401)
            #expect(error?.missingScope == "write:organization.profile:jira-service-management")
        }
    }

    // MARK: Tasks

    @Test func aTaskIsNotStartedAtFirstAndListsNoFailuresYet() async throws {
        try await APILogin.with(Self.slow) { api, _ in
            let submission = try await api.bulkUpdateDetails(
                of: .customer, [CSMBulkRecordDetails(id: "qm:nobody", changes: [.delete("Region")])])
            let task = try await api.task(id: submission.id)
            #expect(task.status == .notStarted)
            #expect(task.failures.isEmpty)
            #expect(task.createdAt != nil)
            #expect(task.createdAt == task.updatedAt)
        }
    }

    @Test func aTaskPastTheTimeLimitFailsAndIsReturnedNotThrown() async throws {
        let clock = SandboxClock()
        try await APILogin.with(SandboxConfiguration(autoApprove: true, clock: { clock.now() }, bulkTaskDelay: 3600)) {
            api, _ in
            let submission = try await api.bulkOrganizations([.create(name: "Umbrella")])
            clock.advance(by: 31 * 60)
            let task = try await api.waitForTask(submission)
            #expect(task.status == .failed)
            #expect(task.updatedAt == task.createdAt.map { $0.addingTimeInterval(30 * 60) })
            let error = await #expect(throws: CSMAPIError.self) { try await api.organization(id: "4") }
            #expect(error?.status == 404)
        }
    }

    @Test func waitingPastTheTimeoutThrows() async throws {
        try await APILogin.with(Self.slow) { api, _ in
            let submission = try await api.bulkOrganizations([.create(name: "Umbrella")])
            let error = await #expect(throws: CSMAuthError.self) {
                try await api.waitForTask(id: submission.id, timeout: .milliseconds(300))
            }
            #expect(error?.code == .taskTimeout)
            #expect(error?.message.contains("NOT_STARTED") == true)
        }
    }

    @Test func anUnknownTaskIsNotFound() async throws {
        try await APILogin.with(Self.fast) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) { try await api.task(id: "no-such-task") }
            #expect(error?.status == 404)
            await #expect(throws: CSMAPIError.self) { try await api.waitForTask(id: "no-such-task") }
        }
    }

    @Test func aCustomerMayNotReadTasks() async throws {
        try await APILogin.with(
            SandboxConfiguration(autoApprove: true, defaultUserEmail: SandboxUser.customer.email, bulkTaskDelay: 0.2)
        ) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) { try await api.task(id: "any") }
            #expect(error?.status == 403)
        }
    }

    // MARK: Units

    @Test func pollingWaitsDoubleUpToTheMaximumAndStopAtTheTimeout() async throws {
        let scripted = ScriptedAPI(["/api/v1/tasks/t1": (200, #"{"id":"t1","status":"IN_PROGRESS"}"#)])
        let waits = Recorder<Duration>()
        let api = scripted.api(sleep: { waits.append($0) })
        let error = await #expect(throws: CSMAuthError.self) {
            try await api.waitForTask(id: "t1", timeout: .seconds(20))
        }
        #expect(error?.code == .taskTimeout)
        #expect(
            waits.values == [
                .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5),
                .milliseconds(2250),
            ])
        #expect(scripted.paths.count == 9)
    }

    @Test func aTaskDecodesTolerantly() throws {
        let json =
            #"{"id":"t","type":"BULK_X","status":"PAUSED","failures":[{"entity":"CUSTOMER","operatedOnIds":"oops","extra":1}],"createdAt":"2025-01-15T11:12:13Z","updatedAt":"soon"}"#
        let task = try JSONDecoder().decode(CSMTask.self, from: Data(json.utf8))
        #expect(task.status == CSMTaskStatus(rawValue: "PAUSED"))
        #expect(!task.isDone)
        #expect(task.failures == [CSMTaskFailure(entity: "CUSTOMER")])
        #expect(task.createdAt == Date(timeIntervalSince1970: 1_736_939_533))
        #expect(task.updatedAt == nil)
        let minimal = try JSONDecoder().decode(CSMTask.self, from: Data(#"{"id":"t","status":"FAILED"}"#.utf8))
        #expect(minimal.isDone)
        #expect(minimal.failures.isEmpty)
    }

    @Test func bulkItemsAreWrittenInTheDocumentedShape() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        func text(_ value: some Encodable) throws -> String {
            String(decoding: try encoder.encode(value), as: UTF8.self)
        }
        #expect(
            try text(CSMBulkDetailChange.delete("Region")) == #"{"operationType":"DELETE","payload":{"name":"Region"}}"#
        )
        #expect(
            try text(CSMBulkAccountChange.update(id: "a", displayName: "B"))
                == #"{"operationType":"UPDATE","payload":{"displayName":"B","id":"a"}}"#)
        #expect(
            try text(CSMBulkOrganizationChange.delete(id: "3")) == #"{"operationType":"DELETE","payload":{"id":"3"}}"#)
        #expect(
            try text(CSMBulkOrganizationProfile(.upsert, name: "A", customerIds: ["c"]))
                == #"{"operationType":"UPSERT","payload":{"associateCustomers":{"customerIds":["c"]},"name":"A"}}"#)
    }
}
