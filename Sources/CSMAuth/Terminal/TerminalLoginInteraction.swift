import FoundationEssentials

/// A login's conversation on the terminal, ready for any command-line tool: messages and prompts
/// on standard error, the browser (`$BROWSER`, `xdg-open`), the pasted URL and the answers on
/// standard input, a live "time left" line while the browser is out, and no-echo secrets.
///
/// ```swift
/// let interaction = TerminalLoginInteraction(toolName: environment.toolName, pasteTimeout: request.timeout)
/// let outcome = try await LoginFlow(environment: environment).run(request, interaction: interaction)
/// ```
///
/// Lines read from standard input are bounded (16 KiB) and share one buffer, so a secret and a
/// pasted URL may arrive in one write. A no-echo prompt restores the terminal on every way out,
/// a Ctrl-C or SIGTERM included.
public struct TerminalLoginInteraction: LoginInteraction {
    /// The command named in messages (as in ``CSMAuthEnvironment/toolName``).
    public let toolName: String
    /// How long paste mode waits for the URL: the login's timeout.
    public let pasteTimeout: Duration
    private let browser: BrowserLauncher
    private let countdown = CountdownLine()

    /// - Parameters:
    ///   - toolName: the command named in messages: the running program's name
    ///     (``CSMAuthEnvironment/programName``) by default; one that sets
    ///     ``CSMAuthEnvironment/toolName`` passes the same here.
    ///   - pasteTimeout: how long to wait for a pasted URL.
    ///   - variables: the environment the browser command is taken from (`BROWSER`, `DISPLAY`…)
    ///     and started with, without `CSM_AUTH_CLIENT_SECRET` and `CSM_AUTH_TOKEN`.
    public init(
        toolName: String = CSMAuthEnvironment.programName, pasteTimeout: Duration = .seconds(300),
        variables: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.toolName = toolName
        self.pasteTimeout = pasteTimeout
        self.browser = BrowserLauncher(environment: variables)
    }

    /// Whether standard input is a terminal (so a person can be asked).
    package static var inputIsTerminal: Bool { Terminal.inputIsTerminal }

    /// Prints the event's lines on standard error, control characters escaped; while the browser
    /// is awaited, a live countdown line follows (only when standard error is a terminal).
    public func show(_ event: LoginEvent) {
        for line in event.description.split(separator: "\n", omittingEmptySubsequences: false) {
            StandardStreams.line(String(line))
        }
        if case .waitingForBrowser(_, _, let deadline) = event { countdown.start(until: deadline) }
    }

    /// Erases the countdown line.
    public func stoppedWaiting() {
        countdown.stop()
    }

    /// Why the browser is not opened: no display (`DISPLAY`, `WAYLAND_DISPLAY`) and no `BROWSER`
    /// command, or an ssh session without a display; nil when it can be.
    public var headlessReason: String? { browser.headlessReason }

    /// Starts the browser; a command that cannot be started, or fails later, is reported on
    /// standard error with the reason.
    public func openBrowser(_ url: URL) -> Bool {
        let name = browser.commandName
        let refusal = browser.open(url) { status in
            StandardStreams.line(
                "The browser command '\(name)' failed (exit status \(status)); open the URL above yourself. Still waiting."
            )
        }
        if let refusal { StandardStreams.line("The browser command '\(name)' could not be started: \(refusal).") }
        return refusal == nil
    }

    /// Prompts for the redirected URL and reads one line within ``pasteTimeout``.
    /// - Returns: the line as typed or pasted, not yet checked.
    /// - Throws: ``CSMAuthError`` (`.inputUnavailable`) when nothing usable arrives in time or input
    ///   ends, (`.invalidInput`) for a line longer than 16 KiB.
    public func readPastedURL() async throws -> String {
        StandardStreams.write("Redirected URL: ")
        let line: String?
        do {
            line = try Terminal.readLine(timeout: pasteTimeout)
        } catch let error as CSMAuthError where error.code == .inputUnavailable {
            throw CSMAuthError(
                .inputUnavailable,
                "no redirected URL was pasted within \(pasteTimeout.components.seconds) s: run `\(toolName.printableLine) login` again"
            )
        }
        guard let line, !line.trimmingWhitespace().isEmpty else {
            throw CSMAuthError(.inputUnavailable, "no URL was pasted on standard input")
        }
        return line
    }

    /// Lists the sites and asks for a number, a cloudId, URL, host or name, until one matches;
    /// nil when standard input is not a terminal or ends.
    /// - Throws: ``CSMAuthError`` (`.inputUnavailable`) when standard input cannot be read,
    ///   (`.invalidInput`) for a line longer than 16 KiB.
    public func chooseSite(_ sites: [AccessibleResource]) async throws -> AccessibleResource? {
        guard Terminal.inputIsTerminal else { return nil }
        StandardStreams.line("This login can use several sites:")
        for (index, site) in sites.enumerated() {
            StandardStreams.line("  \(index + 1). \(site.name)  \(site.url)  (\(site.id))")
        }
        while true {
            StandardStreams.write("Choose a site [1-\(sites.count)]: ")
            guard let answer = try Terminal.readLine() else { return nil }
            if let number = Int(answer.trimmingWhitespace()), sites.indices.contains(number - 1) {
                return sites[number - 1]
            }
            if let site = try? SiteDirectory.match(answer, in: sites) { return site }
        }
    }

    /// On a terminal, `prompt` on standard error and a line typed with echo off. Surrounding white
    /// space is dropped; nil when the line is empty or input ended, and nil at once when standard
    /// input is not a terminal: nobody can be asked, and what a pipe holds was not sent as this
    /// secret (it may be the URL of a paste login). A tool that takes a secret from a pipe reads
    /// it itself, as with `readLineOfInput()`.
    /// - Throws: ``CSMAuthError`` (`.inputUnavailable`) when standard input cannot be read,
    ///   (`.invalidInput`) for a line longer than 16 KiB.
    public func readSecret(prompt: String) async throws -> Secret? {
        guard Terminal.inputIsTerminal else { return nil }
        return try Terminal.readSecretFromInput(prompt: prompt)
    }

    /// The first line of standard input, never prompting (`--client-secret-stdin`); nil when it is
    /// empty or input ended. Surrounding white space and line breaks are dropped.
    /// - Throws: ``CSMAuthError`` (`.inputUnavailable`) when standard input cannot be read,
    ///   (`.invalidInput`) for a line longer than 16 KiB.
    package func readLineOfInput() throws -> String? {
        guard let line = try Terminal.readLine()?.trimmingWhitespaceAndNewlines(), !line.isEmpty else { return nil }
        return line
    }
}
