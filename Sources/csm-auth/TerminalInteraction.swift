import CSMAuth
import FoundationEssentials
import Glibc

/// The login's conversation on the terminal: messages on stderr, the browser, stdin for pasting and choosing.
struct TerminalInteraction: LoginInteraction {
    let browser = BrowserLauncher()
    /// How long paste mode waits for the URL: the login's `--timeout`.
    var pasteTimeout: Duration = .seconds(300)
    private let countdown = CountdownLine()

    func waitingForBrowser(until deadline: ContinuousClock.Instant) {
        countdown.start(until: deadline)
    }

    func stoppedWaiting() {
        countdown.stop()
    }

    func inform(_ message: String) {
        Output.info(message)
    }

    func openBrowser(_ url: URL) -> Bool {
        let name = browser.commandName
        return browser.open(url) { status in
            Output.info("The browser command '\(name)' failed (exit status \(status)); open the URL above yourself. Still waiting.")
        }
    }

    func readPastedURL() async throws -> String {
        Output.prompt("Redirected URL: ")
        let line: String?
        do {
            line = try Terminal.readLine(timeout: pasteTimeout)
        } catch let error as CSMAuthError where error.category == .failure {
            throw CSMAuthError(.failure, "no redirected URL was pasted within \(pasteTimeout.components.seconds) s: run the login again")
        }
        guard let line, !line.trimmingWhitespace().isEmpty else {
            throw CSMAuthError(.failure, "no URL was pasted on standard input")
        }
        return line
    }

    func chooseSite(_ sites: [AccessibleResource]) async throws -> AccessibleResource? {
        guard Terminal.inputIsTerminal else { return nil }
        Output.info("This login can use several sites:")
        for (index, site) in sites.enumerated() {
            Output.info("  \(index + 1). \(site.name)  \(site.url)  (\(site.id))")
        }
        while true {
            Output.prompt("Choose a site [1-\(sites.count)]: ")
            guard let answer = try Terminal.readLine() else { return nil }
            if let number = Int(answer.trimmingWhitespace()), sites.indices.contains(number - 1) {
                return sites[number - 1]
            }
            if let site = try? SiteDirectory.match(answer, in: sites) { return site }
        }
    }
}
