import FoundationEssentials

/// What the loopback listener does with a request, decided from its method and target alone.
enum CallbackRoute: Equatable {
    /// A GET on the callback path: its query decides the login. `nil` when the query cannot be read.
    case callback(query: [URLQueryItem]?)
    /// A GET or HEAD under `/start/`: the browser's start link, `nonce` being the rest of the path.
    /// With this login's nonce it redirects to the authorization URL (a bounded number of times).
    case start(nonce: String)
    /// Another method on the callback path or the start link: 405, the login keeps waiting.
    case methodNotAllowed
    /// Any other path (`/favicon.ico`, `/`, …): 404, the login keeps waiting.
    case notFound

    /// Routes a request.
    /// - Parameters:
    ///   - method: the request method, e.g. `GET`.
    ///   - target: the request target as sent, e.g. `/callback?code=…&state=…`.
    ///   - callbackPath: the callback URL's percent-encoded path.
    init(method: String, target: String, callbackPath: String) {
        let path: Substring
        let query: Substring?
        if let mark = target.firstIndex(of: "?") {
            path = target[..<mark]
            query = target[target.index(after: mark)...]
        } else {
            path = target[...]
            query = nil
        }
        // Exact match on purpose: no decoding, no case folding, no trailing-slash leniency, so
        // only the URL the authorization server redirects to can reach the login.
        if path != callbackPath, path.hasPrefix(Self.startPrefix) {
            let isRead = method == "GET" || method == "HEAD"
            self = isRead ? .start(nonce: String(path.dropFirst(Self.startPrefix.count))) : .methodNotAllowed
            return
        }
        guard path == callbackPath else {
            self = .notFound
            return
        }
        guard method == "GET" else {
            self = .methodNotAllowed
            return
        }
        guard let query else {
            self = .callback(query: [])
            return
        }
        self = .callback(query: AuthorizationResponse.queryItems(percentEncoded: query))
    }

    /// Where the start link's path begins; the nonce follows.
    static let startPrefix = "/start/"

    /// The path of a request target without its query, for logs (the query carries the code and
    /// state); the start link's nonce is left out too.
    static func pathForLog(_ target: String) -> Substring {
        let path = target.prefix { $0 != "?" }
        if path.hasPrefix(startPrefix) { return Substring(startPrefix + "…") }
        return path.prefix(200)
    }
}
