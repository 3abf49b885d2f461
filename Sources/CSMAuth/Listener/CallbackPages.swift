/// The static HTML pages the loopback listener answers the browser with.
///
/// - Warning: Every page is a constant. Never put request input (query, path, headers) or an
///   error's text into a page: the browser renders it under `localhost`, so reflected input
///   would be a cross-site scripting hole, and the query carries the code and the state.
enum CallbackPage: CaseIterable, Sendable {
    case success
    /// The start link: a redirect (its `Location` is the authorization URL) to Atlassian's login.
    case continueToLogin
    /// The start link was used as often as it may be, or is not this login's.
    case startLinkUnavailable
    /// The callback was good, but the login failed after it (the code exchange, the site lookup).
    case loginFailed
    case stateMismatch
    case accessDenied
    case authorizationFailed
    case missingCode
    case malformedCallback
    case alreadyFinished
    case notFound
    case methodNotAllowed
    case requestHeadTooLarge
    case requestBodyTooLarge

    /// The page that explains `error` to the browser's user.
    init(for error: LoopbackReceiverError) {
        switch error.code.kind {
        case .stateMismatch: self = .stateMismatch
        case .accessDenied: self = .accessDenied
        case .authorizationFailed: self = .authorizationFailed
        case .missingCode: self = .missingCode
        default: self = .malformedCallback
        }
    }

    /// The HTTP status code and reason phrase.
    var status: (code: Int, reason: String) {
        switch self {
        case .success: (200, "OK")
        case .continueToLogin: (303, "See Other")
        case .startLinkUnavailable: (410, "Gone")
        case .accessDenied: (403, "Forbidden")
        case .loginFailed: (500, "Internal Server Error")
        case .stateMismatch, .authorizationFailed, .missingCode, .malformedCallback: (400, "Bad Request")
        case .alreadyFinished: (409, "Conflict")
        case .notFound: (404, "Not Found")
        case .methodNotAllowed: (405, "Method Not Allowed")
        case .requestHeadTooLarge: (431, "Request Header Fields Too Large")
        case .requestBodyTooLarge: (413, "Content Too Large")
        }
    }

    private var text: (title: String, message: String) {
        switch self {
        case .success:
            ("You are logged in", "You are logged in; you can close this tab and return to the terminal.")
        case .continueToLogin:
            ("Continue to log in", "Your browser should now show Atlassian's login page.")
        case .startLinkUnavailable:
            (
                "Link no longer valid",
                "This login link has been used already or does not belong to the login in progress. "
                    + "Open the URL the terminal shows, or run the login again."
            )
        case .loginFailed:
            (
                "Login failed",
                "The login could not be completed after the browser's approval. The terminal says why; you can close this tab."
            )
        case .stateMismatch:
            (
                "Not this login",
                "This callback does not belong to the login in progress (its state does not match), so it was ignored. "
                    + "If a login is waiting, finish it in the tab it opened."
            )
        case .accessDenied:
            ("Login cancelled", "Consent was denied, so you are not logged in. You can close this tab.")
        case .authorizationFailed:
            (
                "Login failed",
                "Atlassian did not authorize this login. The terminal says why; you can close this tab."
            )
        case .missingCode:
            (
                "Login failed",
                "The callback carried no authorization code. Return to the terminal and run the login again."
            )
        case .malformedCallback:
            (
                "Login failed",
                "The callback could not be read. Return to the terminal and run the login again."
            )
        case .alreadyFinished:
            ("Login already finished", "This login has already finished; you can close this tab.")
        case .notFound:
            ("Not found", "This address is not part of this login.")
        case .methodNotAllowed:
            ("Method not allowed", "The login callback only answers GET requests.")
        case .requestHeadTooLarge:
            ("Request too large", "The request's headers are too large for the login callback.")
        case .requestBodyTooLarge:
            ("Request too large", "The request's body is too large for the login callback.")
        }
    }

    /// The whole HTML document, UTF-8.
    var body: [UInt8] {
        Array(Self.render(title: text.title, message: text.message).utf8)
    }

    /// The headers every page carries, `Content-Length` aside.
    ///
    /// `no-store` keeps the page (and the URL with its code) out of caches; the CSP forbids
    /// scripts, frames, images and connections altogether; `DENY` stops other sites framing it;
    /// `no-referrer` keeps the callback URL out of any later request.
    static let headers: [(name: String, value: String)] = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Cache-Control", "no-store"),
        ("Connection", "close"),
        ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Content-Type-Options", "nosniff"),
    ]

    /// The shared template. Its arguments are the constants above, never request input.
    private static func render(title: String, message: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>csm-auth: \(title)</title>
        <style>
        body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; color: #172b4d; }
        h1 { font-size: 1.5rem; }
        </style>
        </head>
        <body>
        <h1>\(title)</h1>
        <p>\(message)</p>
        </body>
        </html>

        """
    }
}
