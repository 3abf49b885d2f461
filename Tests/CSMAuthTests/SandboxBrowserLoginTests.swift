import CSMAuth
import CSMSandbox
import Foundation
import TestSupport
import Testing

/// `SandboxBrowser` as another project's tests use it (Downstream's `TestBrowser`): handed what
/// the login opens, the listener's start link, it follows the redirects to the callback.
@Suite(.waiting) struct SandboxBrowserLoginTests {
    /// Opens every URL the login hands it with `SandboxBrowser`, and records it.
    final class Browser: LoginInteraction, @unchecked Sendable {
        private let lock = NSLock()
        private var opened: [URL] = []
        var openedURLs: [URL] { lock.withLock { opened } }

        func show(_ event: LoginEvent) {}

        func openBrowser(_ url: URL) -> Bool {
            lock.withLock { opened.append(url) }
            Task { try await SandboxBrowser().open(url) }
            return true
        }

        func readPastedURL() async throws -> String { throw ScriptError("no paste") }

        func chooseSite(_ sites: [AccessibleResource]) async throws -> AccessibleResource? { nil }
    }

    @Test func theSandboxBrowserFollowsTheStartLinkToALogin() async throws {
        try await LoginHome.with { home in
            let browser = Browser()
            let outcome = try await home.flow.run(home.request(), interaction: browser)
            #expect(outcome.site != nil)
            let opened = try #require(browser.openedURLs.first)
            #expect(opened.path().hasPrefix("/start/"))
            #expect(home.sandbox.stats.authorizationCodeGrants == 1)
        }
    }
}
