import CSMSandbox
import Foundation
import TestSupport
import Testing

@testable import CSMAPI
@testable import CSMAuth

/// Requests through a help centre's form and comments on them.
@Suite(.waiting, .serialized) struct CSMRequestAPITests {
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

    // MARK: Creating

    @Test func createsRequestsWithIncrementingKeys() async throws {
        try await APILogin.with(.customer) { api, _ in
            let first = try await api.createRequest(
                helpCenterID: "1", origin: "portal", summary: "Widget stopped", description: "It beeps.",
                metadata: ["channel": "web"])
            #expect(first == CSMCreatedRequest(issueID: "10004", issueKey: "CSM-4"))
            let second = try await api.createRequest(
                helpCenterID: "2", origin: "amazon-voice", summary: "Refund", description: "")
            #expect(second.issueKey == "CSM-5")
        }
    }

    @Test func anAgentMayRaiseARequestForSomeoneElse() async throws {
        try await APILogin.with(.agent) { api, _ in
            let created = try await api.createRequest(
                helpCenterID: "1", origin: "phone", summary: "Call back", description: "Asked by phone.",
                reporterEmail: "dana.smith@example.com")
            #expect(created.issueKey == "CSM-4")
        }
    }

    @Test func aCustomerMayNotSetTheReporter() async throws {
        try await APILogin.with(.customer) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.createRequest(
                    helpCenterID: "1", origin: "portal", summary: "For a friend", description: "",
                    reporterEmail: "dana.smith@example.com")
            }
            #expect(error?.status == 403)
        }
    }

    @Test func nestedMetadataIsABadRequest() async throws {
        try await APILogin.with { api, _ in
            let body =
                #"{"helpCenterId":"1","origin":"portal","summary":"S","description":"D","metadata":{"a":{"b":1}}}"#
            let answer = try await APILogin.raw(api, "POST", "request/form/external", body: body)
            #expect(answer.status == 400)
        }
    }

    @Test func flatMetadataOfAnyPrimitiveIsAccepted() async throws {
        try await APILogin.with { api, _ in
            let body =
                #"{"helpCenterId":"1","origin":"portal","summary":"S","description":"D","metadata":{"a":1,"b":true,"c":"x"}}"#
            let answer = try await APILogin.raw(api, "POST", "request/form/external", body: body)
            #expect(answer.status == 201)
        }
    }

    @Test func aMissingSummaryIsABadRequest() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.createRequest(helpCenterID: "1", origin: "portal", summary: " ", description: "D")
            }
            #expect(error?.status == 400)
        }
    }

    @Test func anInvalidReporterEmailIsABadRequest() async throws {
        try await APILogin.with(.agent) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.createRequest(
                    helpCenterID: "1", origin: "portal", summary: "S", description: "D", reporterEmail: "nobody")
            }
            #expect(error?.status == 400)
        }
    }

    @Test func aRequestOnAnUnknownHelpCenterIsNotFound() async throws {
        try await APILogin.with { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.createRequest(helpCenterID: "9", origin: "portal", summary: "S", description: "D")
            }
            #expect(error?.status == 404)
        }
    }

    // MARK: Comments

    @Test func addsPublicAndInternalComments() async throws {
        try await APILogin.with(.agent) { api, _ in
            let reply = try await api.addComment(
                toRequest: "CSM-1", onHelpCenter: "1", body: "Try resetting your password.")
            #expect(reply.body == "Try resetting your password.")
            #expect(reply.isPublic == true)
            let note = try await api.addComment(
                toRequest: "10001", onHelpCenter: "1", body: "Known SSO issue.", isPublic: false)
            #expect(note.isPublic == false)
            #expect(note.id != reply.id)
        }
    }

    @Test func aCustomerMayCommentPubliclyOnTheirOwnRequest() async throws {
        try await APILogin.with(.customer) { api, _ in
            let created = try await api.createRequest(
                helpCenterID: "1", origin: "portal", summary: "Widget stopped", description: "")
            let comment = try await api.addComment(
                toRequest: created.issueKey, onHelpCenter: "1", body: "It works again.")
            #expect(comment.isPublic == true)
        }
    }

    @Test func aCustomerMayNotAddAnInternalComment() async throws {
        try await APILogin.with(.customer) { api, _ in
            let created = try await api.createRequest(
                helpCenterID: "1", origin: "portal", summary: "Widget stopped", description: "")
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.addComment(toRequest: created.issueKey, onHelpCenter: "1", body: "psst", isPublic: false)
            }
            #expect(error?.status == 403)
        }
    }

    @Test func aCustomerMayNotCommentOnSomeoneElsesRequest() async throws {
        try await APILogin.with(.customer) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.addComment(toRequest: "CSM-1", onHelpCenter: "1", body: "Me too")
            }
            #expect(error?.status == 403)
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

    @Test func anEmptyCommentIsABadRequest() async throws {
        try await APILogin.with(.agent) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.addComment(toRequest: "CSM-1", onHelpCenter: "1", body: "")
            }
            #expect(error?.status == 400)
        }
    }

    @Test func aVisibilityThatIsNotABooleanIsABadRequest() async throws {
        try await APILogin.with(.agent) { api, _ in
            let response = try await APILogin.raw(
                api, "POST", "request/form/helpcenter/1/issue/CSM-1/comment", body: #"{"body":"Hi","public":"yes"}"#)
            #expect(response.status == 400)
        }
    }

    @Test func commentingOnAnIssueNotOnTheHelpCenterIsNotFound() async throws {
        try await APILogin.with(.agent) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.addComment(toRequest: "CSM-1", onHelpCenter: "2", body: "Hi")
            }
            #expect(error?.status == 404)
        }
    }

    @Test func commentingOnAnUnknownHelpCenterIsNotFound() async throws {
        try await APILogin.with(.agent) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.addComment(toRequest: "CSM-1", onHelpCenter: "9", body: "Hi")
            }
            #expect(error?.status == 404)
        }
    }

    @Test func aLoginWithoutTheRequestScopeIsAskedToLogInAgain() async throws {
        try await APILogin.with(
            SandboxConfiguration(autoApprove: true), scopes: ["read:customer:jira-service-management"]
        ) { api, _ in
            let error = await #expect(throws: CSMAPIError.self) {
                try await api.createRequest(helpCenterID: "1", origin: "portal", summary: "S", description: "D")
            }
            #expect(error?.missingScope == "write:csm-request:jira-service-management")
        }
    }

    // MARK: Decoding

    @Test func numericIdsAreReadAsText() throws {
        let created = try JSONDecoder().decode(
            CSMCreatedRequest.self, from: Data(#"{"issueId":10010,"issueKey":"CSM-10"}"#.utf8))
        #expect(created.issueID == "10010")
        let comment = try JSONDecoder().decode(CSMRequestComment.self, from: Data(#"{"id":5,"body":"b"}"#.utf8))
        #expect(comment == CSMRequestComment(id: "5", body: "b"))
    }
}
