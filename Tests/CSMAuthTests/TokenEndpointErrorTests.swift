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
}
