import Foundation
import Testing

@testable import CSMAPI
@testable import CSMAuth

/// What the client sends and what it takes for an answer: the caller's own headers, redirects.
@Suite struct CSMClientRequestTests {
    static let ok = ["/api/v1/organization/1": (200, #"{"id":"1","name":"Acme"}"#)]

    @Test func ownAuthorizationHeaderReplacesTheCredentials() async throws {
        let api = ScriptedAPI(Self.ok)
        _ = try await api.client().send(
            method: "GET", path: "organization/1",
            headers: [HTTPHeader("authorization", "Basic bWluZQ=="), HTTPHeader("ACCEPT", "text/plain")])
        let sent = try #require(api.sentHeaders.first)
        #expect(sent.filter { $0.name.lowercased() == "authorization" }.map(\.value) == ["Basic bWluZQ=="])
        #expect(sent.filter { $0.name.lowercased() == "accept" }.map(\.value) == ["text/plain"])
    }

    @Test func aTypedCallReportsWhereARedirectPointed() async throws {
        let api = ScriptedAPI([:], first: [(302, [HTTPHeader("Location", "https://elsewhere.example/organization/1")])])
        let error = await #expect(throws: CSMAPIError.self) { try await api.api().organizationProfile(id: "1") }
        #expect(error?.status == 302)
        #expect(error?.description.contains(": redirect to elsewhere.example not followed") == true)
        #expect(api.paths.count == 1)
    }

    @Test func pagesStopAtARedirect() async throws {
        let next =
            #"{"values":[1],"isLastPage":false,"_links":{"next":"https://api.example/api/v1/organization?start=1"}}"#
        let api = ScriptedAPI(["/api/v1/organization": (301, next), "/api/v1/organization?start=1": (200, "{}")])
        var statuses: [Int] = []
        for try await page in api.client().pages(path: "organization") { statuses.append(page.response.status) }
        #expect(statuses == [301])
    }

    @Test(arguments: [
        ("https://evil.example:8443/x?token=1", "redirect to evil.example:8443 not followed"),
        ("http://[::1]:9/x", "redirect to [::1]:9 not followed"),
        ("/elsewhere\u{1B}[2J", "redirect to /elsewhere [2J not followed"),
    ])
    func aRedirectIsDescribedByItsHost(location: String, expected: String) {
        let response = HTTPResponse(status: 307, headers: [HTTPHeader("location", location)])
        #expect(response.unfollowedRedirect == expected)
        #expect(HTTPResponse(status: 302).unfollowedRedirect == nil)
        #expect(HTTPResponse(status: 200, headers: [HTTPHeader("Location", location)]).unfollowedRedirect == nil)
    }
}
