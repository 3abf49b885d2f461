import FoundationEssentials

/// The parts of a login that talk to the person: messages, the browser, pasting, choosing a site.
/// ``TerminalLoginInteraction`` implements it on the terminal; other programs (a GUI, a test)
/// can implement it their own way.
public protocol LoginInteraction: Sendable {
    /// Shows one message (the CLI writes it to standard error).
    func inform(_ message: String)
    /// Opens `url` in a browser. Returns false when no browser could be started; a browser
    /// command that starts but then fails should be reported through `inform` when it does.
    func openBrowser(_ url: URL) -> Bool
    /// Reads the full redirected URL the user copied from the browser (paste mode).
    func readPastedURL() async throws -> String
    /// Lets the user choose one of several sites; nil when nobody can be asked (no terminal).
    func chooseSite(_ sites: [AccessibleResource]) async throws -> AccessibleResource?
    /// Asks for a secret the login cannot find elsewhere (a client secret), without echoing it;
    /// nil when nobody can be asked.
    func readSecret(prompt: String) async throws -> Secret?
    /// The login now waits for the browser until `deadline` (a terminal can show the time left).
    func waitingForBrowser(until deadline: ContinuousClock.Instant)
    /// The wait is over, whatever its outcome; called before any further message.
    func stoppedWaiting()
}

extension LoginInteraction {
    /// Shows nothing.
    public func waitingForBrowser(until deadline: ContinuousClock.Instant) {}
    /// Does nothing.
    public func stoppedWaiting() {}
    /// Asks nobody: nil.
    public func readSecret(prompt: String) async throws -> Secret? { nil }
}
