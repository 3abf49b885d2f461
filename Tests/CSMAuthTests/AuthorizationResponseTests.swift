import Foundation
import Testing

@testable import CSMAuth

/// The redirect parser without sockets: the order of its checks, and paste mode.
@Suite struct AuthorizationResponseTests {
    static let state = "expected-state-42"

    private func items(_ query: String) throws -> [URLQueryItem] {
        try #require(URLComponents(string: "?" + query)?.queryItems)
    }

    private func error(_ body: () throws -> Secret) -> LoopbackReceiverError? {
        #expect(throws: LoopbackReceiverError.self) { _ = try body() }
    }

    // MARK: Query

    @Test func goodQueryReturnsCode() throws {
        let code = try AuthorizationResponse.code(
            fromQuery: items("code=abc&state=\(Self.state)"), expectedState: Self.state)
        #expect(code.reveal() == "abc")
        #expect("\(code)" == "<redacted>")
    }

    @Test func wrongStateIsRejected() throws {
        let query = try items("code=abc&state=other")
        let failure = error { try AuthorizationResponse.code(fromQuery: query, expectedState: Self.state) }
        #expect(failure?.code == .stateMismatch)
        #expect(failure?.description.contains("other") == false)
        #expect(failure?.description.contains(Self.state) == false)
        #expect(failure?.description.contains("abc") == false)
    }

    @Test func stateThatIsAPrefixIsRejected() throws {
        let query = try items("code=abc&state=expected-state-4")
        #expect(
            error { try AuthorizationResponse.code(fromQuery: query, expectedState: Self.state) }?.code
                == .stateMismatch)
    }

    @Test func missingStateIsRejected() throws {
        let query = try items("code=abc")
        #expect(
            error { try AuthorizationResponse.code(fromQuery: query, expectedState: Self.state) }?.code
                == .stateMismatch)
        let empty = try items("code=abc&state=")
        #expect(
            error { try AuthorizationResponse.code(fromQuery: empty, expectedState: Self.state) }?.code
                == .stateMismatch)
    }

    @Test func emptyExpectedStateMatchesNothing() throws {
        let query = try items("code=abc&state=")
        #expect(error { try AuthorizationResponse.code(fromQuery: query, expectedState: "") }?.code == .stateMismatch)
    }

    @Test func repeatedStateIsRejected() throws {
        let query = try items("code=abc&state=\(Self.state)&state=\(Self.state)")
        #expect(
            error { try AuthorizationResponse.code(fromQuery: query, expectedState: Self.state) }?.code
                == .stateMismatch)
    }

    @Test func forgedErrorWithWrongStateIsAStateMismatch() throws {
        let query = try items("error=access_denied&state=forged")
        #expect(
            error { try AuthorizationResponse.code(fromQuery: query, expectedState: Self.state) }?.code
                == .stateMismatch)
        let noState = try items("error=access_denied")
        #expect(
            error { try AuthorizationResponse.code(fromQuery: noState, expectedState: Self.state) }?.code
                == .stateMismatch)
    }

    @Test func accessDeniedIsReported() throws {
        let query = try items("error=access_denied&error_description=no&state=\(Self.state)&code=ignored")
        let failure = error { try AuthorizationResponse.code(fromQuery: query, expectedState: Self.state) }
        #expect(failure?.code == .accessDenied)
        #expect(failure?.category == .failure)
    }

    @Test func otherOAuthErrorIsReportedByItsCode() throws {
        let query = try items("error=invalid_scope&state=\(Self.state)")
        let failure = error { try AuthorizationResponse.code(fromQuery: query, expectedState: Self.state) }
        #expect(failure?.code == .authorizationFailed)
        #expect(failure?.oauthError == "invalid_scope")
        #expect(failure?.description.contains("(invalid_scope)") == true)
    }

    @Test func oauthErrorTextIsSanitisedAndCapped() throws {
        let hostile = "evil<script>\u{1B}[31m\nnext line " + String(repeating: "x", count: 500)
        var components = URLComponents()
        components.queryItems = [
            URLQueryItem(name: "error", value: hostile), URLQueryItem(name: "state", value: Self.state),
        ]
        let query = try #require(components.queryItems)
        let failure = error { try AuthorizationResponse.code(fromQuery: query, expectedState: Self.state) }
        let oauthError = try #require(failure?.oauthError)
        #expect(oauthError.count <= AuthorizationResponse.maximumOAuthErrorLength)
        #expect(oauthError.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) })
        #expect(failure?.description.contains("<") == false)
        #expect(failure?.description.contains("\n") == false)
        #expect(AuthorizationResponse.sanitisedOAuthError("<>") == "unknown_error")
        #expect(AuthorizationResponse.sanitisedOAuthError(nil) == "unknown_error")
    }

    @Test func missingCodeIsRejected() throws {
        let query = try items("state=\(Self.state)")
        #expect(
            error { try AuthorizationResponse.code(fromQuery: query, expectedState: Self.state) }?.code == .missingCode)
        let empty = try items("code=&state=\(Self.state)")
        #expect(
            error { try AuthorizationResponse.code(fromQuery: empty, expectedState: Self.state) }?.code == .missingCode)
    }

    @Test func repeatedCodeIsRejected() throws {
        let query = try items("code=a&code=b&state=\(Self.state)")
        #expect(
            error { try AuthorizationResponse.code(fromQuery: query, expectedState: Self.state) }?.code
                == .malformedCallback)
    }

    @Test func percentEncodedValuesAreDecoded() throws {
        var components = URLComponents()
        components.queryItems = [
            URLQueryItem(name: "state", value: "a b/c"), URLQueryItem(name: "code", value: "x+y=z"),
        ]
        let query = try items(try #require(components.percentEncodedQuery))
        #expect(try AuthorizationResponse.code(fromQuery: query, expectedState: "a b/c").reveal() == "x+y=z")
    }

    // MARK: Paste mode

    @Test func pastedGoodURLReturnsCode() throws {
        let pasted = "  http://localhost:8976/callback?code=pasted-code&state=\(Self.state)\n"
        let code = try AuthorizationResponse.code(
            fromPastedURL: pasted, callbackPath: "/callback", expectedState: Self.state)
        #expect(code.reveal() == "pasted-code")
    }

    @Test func pastedURLWithWrongPathIsRejected() {
        let failure = error {
            try AuthorizationResponse.code(
                fromPastedURL: "http://localhost:8976/other?code=c&state=\(Self.state)", callbackPath: "/callback",
                expectedState: Self.state)
        }
        #expect(failure?.code == .malformedCallback)
        #expect(failure?.description.contains("/callback") == true)
        #expect(failure?.category == .failure)
    }

    @Test func pastedURLWithWrongStateIsRejected() {
        let failure = error {
            try AuthorizationResponse.code(
                fromPastedURL: "http://localhost:8976/callback?code=c&state=stale", callbackPath: "/callback",
                expectedState: Self.state)
        }
        #expect(failure?.code == .stateMismatch)
    }

    @Test(arguments: [
        "", "   ", "not a url", "code=c&state=\(state)", "/callback?code=c&state=\(state)",
        "ftp://localhost/callback?code=c",
    ])
    func pastedTextThatIsNotAURLIsRejected(text: String) {
        let failure = error {
            try AuthorizationResponse.code(fromPastedURL: text, callbackPath: "/callback", expectedState: Self.state)
        }
        #expect(failure?.code == .malformedCallback)
        #expect(failure?.description.contains("c&state") == false)
    }

    @Test func pastedURLWithRepeatedStateIsRejected() {
        let failure = error {
            try AuthorizationResponse.code(
                fromPastedURL: "http://localhost:8976/callback?state=\(Self.state)&code=c&state=\(Self.state)",
                callbackPath: "/callback", expectedState: Self.state)
        }
        #expect(failure?.code == .stateMismatch)
    }

    @Test func pastedDeniedConsentIsReported() {
        let failure = error {
            try AuthorizationResponse.code(
                fromPastedURL: "http://localhost:8976/callback?error=access_denied&state=\(Self.state)",
                callbackPath: "/callback", expectedState: Self.state)
        }
        #expect(failure?.code == .accessDenied)
    }

    // MARK: Routing and callback URLs, also without sockets

    @Test func routingMatchesTheCallbackPathExactly() {
        #expect(
            CallbackRoute(method: "GET", target: "/callback?code=c", callbackPath: "/callback")
                == .callback(query: [URLQueryItem(name: "code", value: "c")]))
        #expect(CallbackRoute(method: "GET", target: "/callback", callbackPath: "/callback") == .callback(query: []))
        #expect(CallbackRoute(method: "POST", target: "/callback", callbackPath: "/callback") == .methodNotAllowed)
        #expect(CallbackRoute(method: "HEAD", target: "/callback", callbackPath: "/callback") == .methodNotAllowed)
        for target in ["/callback/", "/Callback", "/callback%2F", "//callback", "http://localhost/callback", "*", "/"] {
            #expect(CallbackRoute(method: "GET", target: target, callbackPath: "/callback") == .notFound, "\(target)")
        }
        #expect(CallbackRoute.pathForLog("/callback?code=secret&state=s") == "/callback")
    }

    @Test func callbackURLsPickTheirAddresses() throws {
        #expect(
            try LoopbackCallbackURL(#require(URL(string: "http://localhost:8976/callback"))).addresses == .localhost)
        #expect(
            try LoopbackCallbackURL(#require(URL(string: "http://LocalHost:8976/callback"))).addresses == .localhost)
        #expect(try LoopbackCallbackURL(#require(URL(string: "http://127.0.0.1:1/cb"))).addresses == .ipv4("127.0.0.1"))
        #expect(try LoopbackCallbackURL(#require(URL(string: "http://127.1.2.3:1/cb"))).addresses == .ipv4("127.1.2.3"))
        #expect(try LoopbackCallbackURL(#require(URL(string: "http://[::1]:1/cb"))).addresses == .ipv6Loopback)
        let noPort = try LoopbackCallbackURL(#require(URL(string: "http://localhost/cb")))
        #expect(noPort.port == 80)
        #expect(noPort.redirectURI(boundPort: 80) == "http://localhost/cb")
    }

    @Test func errorDescriptionsAreOneLine() {
        let errors: [LoopbackReceiverError] = [
            .nonLoopbackHost("example.com"), .unsupportedCallbackURL("x"), .portInUse(port: 8976, host: "127.0.0.1"),
            .bindFailed(port: 80, host: "127.0.0.1", reason: "Permission denied"), .stateMismatch, .accessDenied,
            .authorizationFailed("server_error"), .missingCode, .malformedCallback,
            .timedOut(after: .seconds(300), callbackURL: "http://localhost:8976/callback"), .cancelled,
            .pastedTextIsNotAURL, .pastedURLHasAnotherPath(expected: "/callback"),
        ]
        for error in errors {
            #expect(!error.description.isEmpty)
            #expect(!error.description.contains("\n"))
        }
        #expect(
            LoopbackReceiverError.timedOut(after: .seconds(300), callbackURL: "u").description.hasPrefix(
                "no callback arrived at u within 300 s. Likely causes:"))
        #expect(
            LoopbackReceiverError.timedOut(after: .milliseconds(1500), callbackURL: "u").description.contains("1.5 s"))
        #expect(
            LoopbackReceiverError.portInUse(port: 8976, host: "127.0.0.1").description
                == "port 8976 on 127.0.0.1 is already in use: stop what uses it or pick another with --port N (and register that callback URL in your Atlassian app)"
        )
    }
}
