import FoundationEssentials

/// What a browser login has reached, for a ``LoginInteraction`` to show as it likes.
///
/// ``description`` is the text the `csm-auth` command prints (one or more lines); a GUI can show
/// its own words instead, and a test can match the event.
public enum LoginEvent: Sendable, Equatable, CustomStringConvertible {
    /// Paste mode: the person opens `authorizationURL`, approves, and pastes the address the
    /// browser was sent to (``LoginInteraction/readPastedURL()`` reads it next).
    case pasteRequested(authorizationURL: URL)
    /// No browser is opened (`reason`, such as "no display"); ``visitRequested(authorizationURL:callbackPort:hostName:)`` follows.
    case browserSkipped(reason: String)
    /// The browser is about to open `authorizationURL`.
    case openingBrowser(authorizationURL: URL)
    /// No browser could be started; the login still waits for the URL shown before.
    case browserUnavailable
    /// The person opens `authorizationURL` themselves, maybe on another machine, forwarding the
    /// callback's `callbackPort` to `hostName` (this machine) with `ssh -L`.
    case visitRequested(authorizationURL: URL, callbackPort: Int, hostName: String)
    /// The listener waits up to `timeout` (until `deadline`) for the browser to come back to
    /// `redirectURI`; ``LoginInteraction/stoppedWaiting()`` is called when the wait ends.
    case waitingForBrowser(redirectURI: String, timeout: Duration, deadline: ContinuousClock.Instant)

    /// The lines `csm-auth login` prints for the event, separated by line breaks.
    public var description: String {
        switch self {
        case .pasteRequested(let url):
            "Open this URL in a browser, approve, then paste the full URL the browser was sent to (it fails to load; copy it from the address bar):\n\(url.absoluteString)"
        case .browserSkipped(let reason):
            "Not opening a browser: \(reason)."
        case .openingBrowser(let url):
            "Opening the browser to log in. If it does not open, visit:\n\(url.absoluteString)"
        case .browserUnavailable:
            "Could not start a browser; open the URL above yourself. Still waiting."
        case .visitRequested(let url, let port, let host):
            "Open this URL in a browser to log in:\n\(url.absoluteString)\nOn another machine? Forward the callback port first: ssh -L \(port):127.0.0.1:\(port) \(host)"
        case .waitingForBrowser(let redirectURI, let timeout, _):
            "Waiting up to \(timeout.secondsText) s for the browser to return to \(redirectURI)."
        }
    }
}
