import CSMAuth
import Foundation

/// Plays the person and the browser against a sandbox started with `autoApprove`: when the login
/// shows the authorization URL, it fetches it (the sandbox answers with the redirect to the
/// callback at once) and follows the redirect to the login's listener.
struct SandboxBrowser: LoginInteraction {
    let transport = CurlTransport()
    let events = EventLog()
    /// The site to pick when the login reaches several.
    var siteChoice: String?

    func show(_ event: LoginEvent) {
        events.append(event)
        if case .visitRequested(let url, _, _) = event { approve(url) }
    }

    func openBrowser(_ url: URL) -> Bool {
        approve(url)
        return true
    }

    func readPastedURL() async throws -> String {
        throw CSMAuthError(.invalidInput, "these tests do not paste")
    }

    func chooseSite(_ sites: [AccessibleResource]) async throws -> AccessibleResource? {
        sites.first { $0.url == siteChoice }
    }

    private func approve(_ url: URL) {
        Task {
            let consent = try await transport.send(HTTPRequest(url: url))
            guard let location = consent.header("Location"), let callback = URL(string: location) else { return }
            _ = try await transport.send(HTTPRequest(url: callback))
        }
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
