import CSMAuth
import Foundation
import Logging

// MARK: A login without a terminal

/// A program without a terminal (a GUI, a daemon) shows the login's events its own way.
struct AppInteraction: LoginInteraction {
    let logger: Logger
    let preferredSite: String

    func show(_ event: LoginEvent) {
        switch event {
        case .openingBrowser(let url), .visitRequested(let url, _, _):
            logger.info("log in at \(url.absoluteString)")
        default:
            logger.info("\(event.description)")
        }
    }

    func openBrowser(_ url: URL) -> Bool {
        false  // this program cannot start one: the login shows .browserUnavailable and waits
    }

    func readPastedURL() async throws -> String {
        throw CSMAuthError(.invalidInput, "this program does not support paste mode")
    }

    func chooseSite(_ sites: [AccessibleResource]) async throws -> AccessibleResource? {
        sites.first { $0.url == preferredSite }
    }
}
