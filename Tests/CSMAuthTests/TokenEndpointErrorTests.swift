import Foundation
import Testing

@testable import CSMAuth

/// How token endpoint answers become errors (the sandbox tests drive the same paths over HTTP).
@Suite struct TokenEndpointErrorTests {
    func error(_ status: Int, _ body: String, type: String = "application/json") -> OAuthError {
        TokenEndpoint.error(
            from: HTTPResponse(status: status, headers: [HTTPHeader("Content-Type", type)], body: Data(body.utf8)))
    }

    @Test func invalidGrantIsLoginRequired() {
        let mapped = error(403, #"{"error":"invalid_grant","error_description":"Unknown or invalid refresh token."}"#)
        #expect(mapped.code == .invalidGrant)
        #expect(mapped.category == .loginRequired)
    }

    @Test func unauthorizedIsAboutTheClientCredentials() {
        let mapped = error(401, #"{"error":"access_denied","error_description":"Unauthorized"}"#)
        #expect(mapped.code == .invalidClient)
        #expect(mapped.description.contains("client secret"))
    }

    @Test func serverErrorIsAFailureToRetry() {
        #expect(error(503, "<html>down</html>", type: "text/html").code == .serverError)
    }

    @Test func otherOAuthErrorsNameTheirCode() {
        let mapped = error(400, #"{"error":"unsupported_grant_type"}"#)
        #expect(mapped.code == .rejected)
        #expect(mapped.description.contains("unsupported_grant_type"))
    }

    @Test func longOrMultilineDescriptionsAreCutToOneLine() {
        let description = String(repeating: "x", count: 1000) + "\nsecond line"
        let mapped = error(
            400,
            #"{"error":"invalid_request","error_description":"\#(description.replacingOccurrences(of: "\n", with: "\\n"))"}"#
        )
        #expect(!mapped.description.contains("\n"))
        #expect(mapped.description.count < 400)
    }

    @Test func nonJSONErrorIsABadResponse() {
        #expect(error(404, "<html>not here</html>", type: "text/html").code == .badResponse)
    }

    // MARK: Numbers out of range in a 2xx answer

    func tokens(expiresIn: String) throws -> TokenSet {
        try TokenEndpoint.tokenSet(
            from: HTTPResponse(
                status: 200, headers: [HTTPHeader("Content-Type", "application/json")],
                body: Data(#"{"access_token":"a","expires_in":\#(expiresIn),"token_type":"Bearer"}"#.utf8)),
            sentAt: Date(timeIntervalSince1970: 1_000_000))
    }

    @Test func anExpiryTooLargeForADoubleIsABadResponse() {
        let error = #expect(throws: OAuthError.self) { try tokens(expiresIn: "1e400") }
        #expect(error?.code == .badResponse)
        // Named as the field it is, not as "an answer without a token".
        #expect(error?.description.contains("expires_in") == true)
    }

    @Test func anExpiryJustBeyondTheLongestLifetimeIsABadResponse() {
        let error = #expect(throws: OAuthError.self) { try tokens(expiresIn: "31622401") }
        #expect(error?.code == .badResponse)
        #expect(error?.description.contains("expires_in") == true)
    }

    @Test func anExpiryGivenAsTextIsABadResponse() {
        let error = #expect(throws: OAuthError.self) { try tokens(expiresIn: #""3600""#) }
        #expect(error?.description.contains("expires_in") == true)
    }

    @Test func aFractionalExpiryIsTaken() throws {
        #expect(try tokens(expiresIn: "0.5").expiresAt == Date(timeIntervalSince1970: 1_000_000.5))
    }
}
