import CSMAuth
import Foundation

/// The login's conversation on the terminal: messages on stderr, the browser, stdin for pasting and choosing.
struct TerminalInteraction: LoginInteraction {
    let browser = BrowserLauncher()

    func inform(_ message: String) {
        Output.info(message)
    }

    func openBrowser(_ url: URL) -> Bool {
        browser.open(url)
    }

    func readPastedURL() async throws -> String {
        FileHandle.standardError.write(Data("Redirected URL: ".utf8))
        guard let line = Terminal.readLine(), !line.trimmingCharacters(in: .whitespaces).isEmpty else {
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
            FileHandle.standardError.write(Data("Choose a site [1-\(sites.count)]: ".utf8))
            guard let answer = Terminal.readLine() else { return nil }
            if let number = Int(answer.trimmingCharacters(in: .whitespaces)), sites.indices.contains(number - 1) {
                return sites[number - 1]
            }
            if let site = try? SiteDirectory.match(answer, in: sites) { return site }
        }
    }
}
