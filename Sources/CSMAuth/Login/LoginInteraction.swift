import FoundationEssentials

/// The parts of a login that talk to the person: what the login has reached, the browser,
/// pasting, choosing a site, secrets.
///
/// ``TerminalLoginInteraction`` implements it on the terminal; other programs (a GUI, a test)
/// can implement it their own way.
public protocol LoginInteraction: Sendable {
    /// Shows what the login has reached (the terminal prints ``LoginEvent/description``).
    func show(_ event: LoginEvent)
    /// Why no browser can be opened here (no display, say), so the login shows the URL instead of
    /// calling ``openBrowser(_:)``; nil when one can.
    var headlessReason: String? { get }
    /// Opens `url` in a browser. Returns false when no browser could be started; a browser
    /// command that starts but then fails should be reported to the person when it does.
    ///
    /// `url` is a loopback link on the login's listener (`http://localhost:PORT/start/…`) that
    /// redirects to the authorization URL, so the `state` is never in the browser's command line;
    /// the browser must follow redirects. The authorization URL itself is in the
    /// ``LoginEvent/openingBrowser(authorizationURL:)`` event shown before.
    func openBrowser(_ url: URL) -> Bool
    /// Reads the full redirected URL the user copied from the browser (paste mode).
    /// - Returns: the text as pasted; the login checks it.
    /// - Throws: any error, which ends the login (``TerminalLoginInteraction`` throws
    ///   ``CSMAuthError`` (`.inputUnavailable`) when nothing arrives in time).
    func readPastedURL() async throws -> String
    /// Lets the user choose one of several sites; nil when nobody can be asked (no terminal).
    /// - Parameter sites: the sites the login reaches, two or more.
    /// - Returns: one of `sites`, or nil; then a new profile is saved without a site, and a
    ///   profile that had one keeps its previous login (``CSMAuthError/Code/siteAmbiguous``).
    /// - Throws: any error, which ends the login.
    func chooseSite(_ sites: [AccessibleResource]) async throws -> AccessibleResource?
    /// Asks for a secret the login cannot find elsewhere (a client secret), without echoing it;
    /// nil when nobody can be asked.
    /// - Parameter prompt: what to ask, such as `Client secret: `.
    /// - Throws: any error, which ends the login.
    func readSecret(prompt: String) async throws -> Secret?
    /// The wait announced by ``LoginEvent/waitingForBrowser(redirectURI:timeout:deadline:)`` is
    /// over, whatever its outcome; called before any further event.
    func stoppedWaiting()
}

extension LoginInteraction {
    /// A browser can be opened: nil.
    public var headlessReason: String? { nil }
    /// Asks nobody: nil.
    public func readSecret(prompt: String) async throws -> Secret? { nil }
    /// Does nothing.
    public func stoppedWaiting() {}
}
