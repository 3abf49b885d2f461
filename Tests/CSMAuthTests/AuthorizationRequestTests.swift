import Foundation
import Testing

@testable import CSMAuth

@Suite struct AuthorizationRequestTests {
    let request = AuthorizationRequest(
        authURL: URL(string: "https://auth.atlassian.com")!, clientID: "abc",
        scopes: ["read:customer:jira-service-management", "read:customer:jira-service-management"],
        redirectURI: "http://localhost:8976/callback")

    func query(_ url: URL) -> [String: String] {
        let items = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems ?? []
        return Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
    }

    @Test func urlCarriesEveryParameterAtlassianRequires() {
        let url = request.url
        #expect(url.absoluteString.hasPrefix("https://auth.atlassian.com/authorize?"))
        let items = query(url)
        #expect(items["audience"] == "api.atlassian.com")
        #expect(items["client_id"] == "abc")
        #expect(items["redirect_uri"] == "http://localhost:8976/callback")
        #expect(items["response_type"] == "code")
        #expect(items["prompt"] == "consent")
        #expect(items["state"] == request.state)
    }

    @Test func offlineAccessIsAlwaysRequestedOnce() {
        #expect(query(request.url)["scope"] == "read:customer:jira-service-management offline_access")
        let explicit = AuthorizationRequest(
            authURL: request.authURL, clientID: "a", scopes: ["offline_access"], redirectURI: "x")
        #expect(explicit.scopes == ["offline_access"])
    }

    @Test func valuesAreStrictlyPercentEncoded() {
        let raw = request.url.absoluteString
        #expect(raw.contains("scope=read%3Acustomer%3Ajira-service-management%20offline_access"))
        #expect(raw.contains("redirect_uri=http%3A%2F%2Flocalhost%3A8976%2Fcallback"))
        #expect(!raw.contains("+"))
    }

    @Test func stateIsFreshAndUnguessable() {
        let states = Set((0..<100).map { _ in RandomToken.make() })
        #expect(states.count == 100)
        #expect(states.allSatisfy { $0.count == 43 && !$0.contains("=") && !$0.contains("+") && !$0.contains("/") })
    }
}
