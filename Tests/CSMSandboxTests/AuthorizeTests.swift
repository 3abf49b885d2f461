import CSMSandbox
import Foundation
import TestSupport
import Testing

/// `GET /authorize` and the consent form, over real HTTP.
@Suite(.blocking) struct AuthorizeTests {
    /// Asserts that the request with `parameters` gets the 400 error page with `error` and never a redirect.
    private func expectRejected(
        _ parameters: [(String, String?)], error: String, mentioning detail: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        try await withSandbox { server async throws in
            let answer = try await Curl.request(Flow.authorizeURL(server, parameters))
            #expect(answer.status == 400, sourceLocation: sourceLocation)
            #expect(answer.headers["location"] == nil, sourceLocation: sourceLocation)
            #expect(answer.headers["content-type"]?.hasPrefix("text/html") == true, sourceLocation: sourceLocation)
            #expect(answer.body.contains("<code>\(error)</code>"), "\(answer.body)", sourceLocation: sourceLocation)
            if let detail {
                #expect(answer.body.contains(detail), "\(answer.body)", sourceLocation: sourceLocation)
            }
            #expect(server.stats.authorize == 1, sourceLocation: sourceLocation)
        }
    }

    @Test func validRequestShowsConsentForm() async throws {
        try await withSandbox(.init(siteCount: 2)) { server async throws in
            let page = try await Curl.request(Flow.authorizeURL(server, Flow.authorizeParameters()))
            #expect(page.status == 200)
            #expect(page.headers["content-type"]?.hasPrefix("text/html") == true)
            #expect(page.body.contains(#"<form method="POST" action="/authorize/decision">"#))
            #expect(Flow.hiddenConsentID(page.body) != nil)
            #expect(page.body.contains(#"<select name="site" id="site">"#))
            #expect(page.body.contains(#"<option value="acme" selected>"#))
            #expect(page.body.contains(#"<option value="globex">"#))
            #expect(page.body.contains(#"<select name="user" id="user">"#))
            #expect(page.body.contains(#"<option value="admin@sandbox.example" selected>"#))
            #expect(page.body.contains(#"<option value="customer@sandbox.example">"#))
            #expect(page.body.contains(#"<button type="submit" name="decision" value="accept" id="accept">"#))
            #expect(page.body.contains(#"<button type="submit" name="decision" value="deny" id="deny">"#))
        }
    }

    @Test func missingClientIDIsRejected() async throws {
        try await expectRejected(
            Flow.authorizeParameters(replacing: "client_id", with: nil), error: "invalid_request",
            mentioning: "client_id")
    }

    @Test func unknownClientIDIsRejected() async throws {
        try await expectRejected(
            Flow.authorizeParameters(replacing: "client_id", with: "someone-else"), error: "invalid_client")
    }

    @Test func missingRedirectURIIsRejected() async throws {
        try await expectRejected(
            Flow.authorizeParameters(replacing: "redirect_uri", with: nil), error: "invalid_request",
            mentioning: "redirect_uri")
    }

    @Test func unregisteredRedirectURIIsRejectedWithoutRedirect() async throws {
        try await expectRejected(
            Flow.authorizeParameters(replacing: "redirect_uri", with: "http://evil.example/callback"),
            error: "unauthorized_client", mentioning: "redirect_uri is not registered")
    }

    @Test func redirectURIWithAnotherPortIsRejected() async throws {
        try await expectRejected(
            Flow.authorizeParameters(replacing: "redirect_uri", with: "http://localhost:8977/callback"),
            error: "unauthorized_client")
    }

    @Test func redirectURIWithTrailingSlashIsRejected() async throws {
        try await expectRejected(
            Flow.authorizeParameters(replacing: "redirect_uri", with: "http://localhost:8976/callback/"),
            error: "unauthorized_client")
    }

    @Test func missingAudienceIsRejected() async throws {
        try await expectRejected(
            Flow.authorizeParameters(replacing: "audience", with: nil), error: "invalid_request", mentioning: "audience"
        )
    }

    @Test func wrongAudienceIsRejected() async throws {
        try await expectRejected(
            Flow.authorizeParameters(replacing: "audience", with: "api.example.com"), error: "invalid_request",
            mentioning: "audience")
    }

    @Test func missingResponseTypeIsRejected() async throws {
        try await expectRejected(
            Flow.authorizeParameters(replacing: "response_type", with: nil), error: "invalid_request",
            mentioning: "response_type")
    }

    @Test func implicitResponseTypeIsRejected() async throws {
        try await expectRejected(
            Flow.authorizeParameters(replacing: "response_type", with: "token"), error: "unsupported_response_type")
    }

    @Test func missingScopeIsRejected() async throws {
        try await expectRejected(Flow.authorizeParameters(replacing: "scope", with: nil), error: "invalid_scope")
    }

    @Test func scopeNotAddedToTheAppIsRejected() async throws {
        try await expectRejected(
            Flow.authorizeParameters(replacing: "scope", with: "offline_access manage:jira-configuration"),
            error: "invalid_scope", mentioning: "manage:jira-configuration")
    }

    @Test func missingStateIsRejected() async throws {
        try await expectRejected(
            Flow.authorizeParameters(replacing: "state", with: nil), error: "invalid_request", mentioning: "state")
    }

    @Test func emptyStateIsRejected() async throws {
        try await expectRejected(
            Flow.authorizeParameters(replacing: "state", with: ""), error: "invalid_request", mentioning: "state")
    }

    @Test func missingPromptIsRejected() async throws {
        try await expectRejected(
            Flow.authorizeParameters(replacing: "prompt", with: nil), error: "invalid_request", mentioning: "prompt")
    }

    @Test func promptOtherThanConsentIsRejected() async throws {
        try await expectRejected(
            Flow.authorizeParameters(replacing: "prompt", with: "none"), error: "invalid_request", mentioning: "prompt")
    }

    @Test func repeatedParameterIsRejected() async throws {
        try await expectRejected(
            Flow.authorizeParameters() + [("state", "other")], error: "invalid_request", mentioning: "repeated")
    }

    @Test func echoedInputIsEscaped() async throws {
        try await expectRejected(
            Flow.authorizeParameters() + [("<script>x</script>", "1"), ("<script>x</script>", "2")],
            error: "invalid_request", mentioning: "&lt;script&gt;x&lt;/script&gt;")
        try await withSandbox { server async throws in
            let answer = try await Curl.request(
                Flow.authorizeURL(
                    server, Flow.authorizeParameters() + [("<script>x</script>", "1"), ("<script>x</script>", "2")]))
            #expect(!answer.body.contains("<script>"))
        }
    }

    @Test func acceptRedirectsWithCodeAndState() async throws {
        try await withSandbox { server async throws in
            let page = try await Curl.request(Flow.authorizeURL(server, Flow.authorizeParameters(state: "a b&c")))
            let consent = try #require(Flow.hiddenConsentID(page.body))
            let answer = try await Flow.submitConsent(
                server,
                [("consent", consent), ("site", "acme"), ("user", "agent@sandbox.example"), ("decision", "accept")])
            #expect(answer.status == 302)
            let location = try #require(answer.headers["location"])
            #expect(location.hasPrefix(Flow.redirectURI + "?code="))
            #expect(answer.locationQuery["state"] == "a b&c")
            #expect((answer.locationQuery["code"]?.count ?? 0) >= 40)
            #expect(server.stats.consentDecisions == 1)
        }
    }

    @Test func denyRedirectsWithAccessDenied() async throws {
        try await withSandbox { server async throws in
            let page = try await Curl.request(Flow.authorizeURL(server, Flow.authorizeParameters()))
            let consent = try #require(Flow.hiddenConsentID(page.body))
            let answer = try await Flow.submitConsent(server, [("consent", consent), ("decision", "deny")])
            #expect(answer.status == 302)
            #expect(answer.headers["location"]?.hasPrefix(Flow.redirectURI + "?error=access_denied") == true)
            #expect(answer.locationQuery["state"] == "state-123")
            #expect(answer.locationQuery["error_description"]?.isEmpty == false)
            #expect(answer.locationQuery["code"] == nil)
        }
    }

    @Test func consentCanBeAnsweredOnlyOnce() async throws {
        try await withSandbox { server async throws in
            let page = try await Curl.request(Flow.authorizeURL(server, Flow.authorizeParameters()))
            let consent = try #require(Flow.hiddenConsentID(page.body))
            let first = try await Flow.submitConsent(server, [("consent", consent), ("decision", "accept")])
            let second = try await Flow.submitConsent(server, [("consent", consent), ("decision", "accept")])
            #expect(first.status == 302)
            #expect(second.status == 400)
            #expect(second.headers["location"] == nil)
        }
    }

    @Test func forgedConsentIDIsRejected() async throws {
        try await withSandbox { server async throws in
            let answer = try await Flow.submitConsent(server, [("consent", "made-up"), ("decision", "accept")])
            #expect(answer.status == 400)
            #expect(answer.headers["location"] == nil)
        }
    }

    @Test func autoApproveRedirectsAtOnce() async throws {
        try await withSandbox(.init(autoApprove: true, defaultUserEmail: "agent@sandbox.example")) {
            server async throws in
            let answer = try await Curl.request(Flow.authorizeURL(server, Flow.authorizeParameters()))
            #expect(answer.status == 302)
            let code = try #require(answer.locationQuery["code"])
            #expect(answer.locationQuery["state"] == "state-123")
            let tokens = try await Flow.exchange(server, code: code).jsonObject()
            let me = try await Curl.request(
                server.baseURL + "/me", headers: ["Authorization": "Bearer \(tokens["access_token"] as! String)"])
            #expect(try me.jsonObject()["email"] as? String == "agent@sandbox.example")
        }
    }

    @Test func autoApproveStillChecksParameters() async throws {
        try await withSandbox(.init(autoApprove: true)) { server async throws in
            let answer = try await Curl.request(
                Flow.authorizeURL(server, Flow.authorizeParameters(replacing: "prompt", with: nil)))
            #expect(answer.status == 400)
            #expect(answer.headers["location"] == nil)
        }
    }
}
