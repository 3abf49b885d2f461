import FoundationEssentials

/// The authorization URL of one login, and the unguessable `state` that binds its callback to it.
struct AuthorizationRequest: Sendable {
    /// The scope that makes Atlassian issue a refresh token; always requested.
    static let offlineAccess = CSMScope.offlineAccess.rawValue

    let authURL: URL
    let clientID: String
    let scopes: [String]
    let redirectURI: String
    let state: String

    /// - Parameter state: leave nil for a fresh random state (256 bits).
    init(authURL: URL, clientID: String, scopes: [String], redirectURI: String, state: String? = nil) {
        self.authURL = authURL
        self.clientID = clientID
        self.scopes = Self.withOfflineAccess(scopes)
        self.redirectURI = redirectURI
        self.state = state ?? RandomToken.make()
    }

    /// `scopes` without duplicates, `offline_access` added when missing.
    static func withOfflineAccess(_ scopes: [String]) -> [String] {
        var seen = Set<String>()
        return (scopes + [offlineAccess]).filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// `{AUTH_URL}/authorize?audience=api.atlassian.com&client_id=…&scope=…&redirect_uri=…&state=…&response_type=code&prompt=consent`.
    var url: URL {
        let query: [(String, String)] = [
            ("audience", "api.atlassian.com"), ("client_id", clientID), ("scope", scopes.joined(separator: " ")),
            ("redirect_uri", redirectURI), ("state", state), ("response_type", "code"), ("prompt", "consent"),
        ]
        let encoded = query.map { "\($0)=\(QueryEncoding.encode($1))" }.joined(separator: "&")
        return URL(string: authURL.appending(path: "authorize").absoluteString + "?" + encoded) ?? authURL
    }
}
