import CSMAuth
import CSMSandbox
import Foundation

/// Plays the person and the browser against a sandbox started with `autoApprove`: CSMSandbox's
/// `SandboxBrowser` opens the authorization URL the login shows or opens, and follows the
/// sandbox's approving redirect to the login's listener. It records the events the login showed.
struct TestBrowser: LoginInteraction {
    let browser = SandboxBrowser()
    let events = EventLog()
    /// The site to pick when the login reaches several.
    var siteChoice: String?

    func show(_ event: LoginEvent) {
        events.append(event)
        if case .visitRequested(let url, _, _) = event { Task { try await browser.open(url) } }
    }

    func openBrowser(_ url: URL) -> Bool {
        Task { try await browser.open(url) }
        return true
    }

    func readPastedURL() async throws -> String {
        throw CSMAuthError(.invalidInput, "these tests do not paste")
    }

    func chooseSite(_ sites: [AccessibleResource]) async throws -> AccessibleResource? {
        sites.first { $0.url == siteChoice }
    }
}

/// The events a login showed, in order.
final class EventLog: Sendable {
    private let lock = NSLock()
    nonisolated(unsafe) private var stored: [LoginEvent] = []

    func append(_ event: LoginEvent) {
        lock.withLock { stored.append(event) }
    }

    var all: [LoginEvent] { lock.withLock { stored } }
}
