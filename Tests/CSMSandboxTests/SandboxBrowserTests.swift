import CSMSandbox
import Foundation
import TestSupport
import Testing

/// `SandboxBrowser`: the authorization URL opened, the approving redirect followed, and the
/// failures a test's author needs to recognise.
@Suite struct SandboxBrowserTests {
    /// An app whose only callback is `callbackURL`.
    private func configuration(callbackURL: String, autoApprove: Bool = true) -> SandboxConfiguration {
        SandboxConfiguration(
            clients: [SandboxClient(id: "app", secret: "app-secret", redirectURIs: [callbackURL])],
            autoApprove: autoApprove)
    }

    @Test func opensTheAuthorizationURLAndFollowsTheApprovingRedirect() async throws {
        // The "login's listener" is a second sandbox, whose accessible-resources endpoint counts
        // every GET it receives, so the test sees that the redirect was followed.
        try await withSandbox { listener in
            let callbackURL = "\(listener.baseURL)/oauth/token/accessible-resources"
            try await withSandbox(configuration(callbackURL: callbackURL)) { sandbox in
                let url = try #require(URL(string: sandbox.authorizationURL(state: "state-1")))
                let callback = try await SandboxBrowser().open(url)
                #expect(callback.absoluteString.hasPrefix(callbackURL + "?"))
                let query = URLComponents(url: callback, resolvingAgainstBaseURL: false)?.queryItems ?? []
                #expect(query.contains(URLQueryItem(name: "state", value: "state-1")))
                #expect(query.contains { $0.name == "code" && !($0.value ?? "").isEmpty })
                #expect(sandbox.stats.authorize == 1)
                #expect(listener.stats.accessibleResources == 1)
            }
        }
    }

    @Test func withoutAutoApproveItSaysToTurnItOn() async throws {
        let callbackURL = "http://127.0.0.1:\(try freeLoopbackPort())/callback"
        try await withSandbox(configuration(callbackURL: callbackURL, autoApprove: false)) { sandbox in
            let url = try #require(URL(string: sandbox.authorizationURL(state: "s")))
            let error = await #expect(throws: SandboxBrowser.Error.self) { try await SandboxBrowser().open(url) }
            #expect(error?.code == .notApproved)
            #expect(
                error?.description
                    == "the sandbox showed its consent page instead of approving: start it with autoApprove")
        }
    }

    @Test func aRefusedRequestReportsTheSandboxsError() async throws {
        let callbackURL = "http://127.0.0.1:\(try freeLoopbackPort())/callback"
        try await withSandbox(configuration(callbackURL: callbackURL)) { sandbox in
            let unregistered = sandbox.authorizationURL(redirectURI: "http://127.0.0.1:9/elsewhere", state: "s")
            let error = await #expect(throws: SandboxBrowser.Error.self) {
                try await SandboxBrowser().open(try #require(URL(string: unregistered)))
            }
            #expect(error?.code == .notApproved)
            #expect(
                error?.message
                    == "the sandbox refused the authorization request (HTTP 400): unauthorized_client: redirect_uri is not registered for this app."
            )
        }
    }

    @Test func aListenerThatIsNotThereIsARequestFailure() async throws {
        let callbackURL = "http://127.0.0.1:\(try freeLoopbackPort())/callback"
        try await withSandbox(configuration(callbackURL: callbackURL)) { sandbox in
            let url = try #require(URL(string: sandbox.authorizationURL(state: "s")))
            let error = await #expect(throws: SandboxBrowser.Error.self) { try await SandboxBrowser().open(url) }
            #expect(error?.code == .requestFailed)
        }
    }

    @Test func onlyHTTPURLsAreOpened() async throws {
        let error = await #expect(throws: SandboxBrowser.Error.self) {
            try await SandboxBrowser().open(try #require(URL(string: "https://auth.atlassian.com/authorize")))
        }
        #expect(error?.code == .unsupportedURL)
    }
}
