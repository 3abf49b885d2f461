import CSMSandbox
import Foundation

/// Shared steps of the OAuth flow, spoken over real HTTP.
enum Flow {
    static let client = SandboxClient.default
    static let redirectURI = SandboxClient.defaultRedirectURIs[0]

    /// The query of a valid authorization request, as a mutable list of pairs.
    static func authorizeParameters(scopes: [String] = SandboxClient.defaultScopes, state: String = "state-123") -> [(
        String, String?
    )] {
        [
            ("audience", "api.atlassian.com"),
            ("client_id", client.id),
            ("scope", scopes.joined(separator: " ")),
            ("redirect_uri", redirectURI),
            ("state", state),
            ("response_type", "code"),
            ("prompt", "consent"),
        ]
    }

    /// `/authorize` URL with `parameters` (a `nil` value drops the parameter).
    static func authorizeURL(_ server: SandboxServer, _ parameters: [(String, String?)]) -> String {
        var components = URLComponents(string: server.baseURL + "/authorize")!
        components.queryItems = parameters.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) }
        }
        // URLComponents leaves "+" alone; encode it so scopes stay intact.
        return components.url!.absoluteString.replacingOccurrences(of: "+", with: "%2B")
    }

    /// The parameters with `name` replaced (or removed with `nil`).
    static func authorizeParameters(replacing name: String, with value: String?) -> [(String, String?)] {
        authorizeParameters().map { $0.0 == name ? ($0.0, value) : $0 }
    }

    /// Runs authorize + consent (Accept) and returns the code.
    static func code(
        _ server: SandboxServer, scopes: [String] = SandboxClient.defaultScopes, user: String? = nil,
        site: String? = nil
    ) async throws -> String {
        let page = try await Curl.request(authorizeURL(server, authorizeParameters(scopes: scopes)))
        guard page.status == 200, let consent = hiddenConsentID(page.body) else {
            throw CurlError(message: "no consent page: \(page.status) \(page.body)")
        }
        var form = [("consent", consent), ("decision", "accept")]
        if let user { form.append(("user", user)) }
        if let site { form.append(("site", site)) }
        let decision = try await submitConsent(server, form)
        guard decision.status == 302, let code = decision.locationQuery["code"] else {
            throw CurlError(message: "no code: \(decision.status) \(decision.headers)")
        }
        return code
    }

    /// Posts the consent form.
    static func submitConsent(_ server: SandboxServer, _ fields: [(String, String)]) async throws -> HTTPResult {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(
            separator: "&")
        return try await Curl.request(
            "POST", server.baseURL + "/authorize/decision",
            headers: ["Content-Type": "application/x-www-form-urlencoded"], body: body)
    }

    /// The consent id in the page's hidden field.
    static func hiddenConsentID(_ html: String) -> String? {
        guard let range = html.range(of: #"name="consent" value="([^"]+)""#, options: .regularExpression) else {
            return nil
        }
        let match = String(html[range])
        return match.components(separatedBy: "value=\"").last.map { String($0.dropLast()) }
    }

    /// Exchanges a code at the token endpoint.
    static func exchange(
        _ server: SandboxServer, code: String, redirectURI: String = redirectURI, secret: String? = client.secret
    ) async throws -> HTTPResult {
        var body: [String: Any] = [
            "grant_type": "authorization_code", "client_id": client.id, "code": code, "redirect_uri": redirectURI,
        ]
        if let secret { body["client_secret"] = secret }
        return try await Curl.postJSON(server.baseURL + "/oauth/token", body)
    }

    /// Uses a refresh token.
    static func refresh(_ server: SandboxServer, _ refreshToken: String, secret: String = client.secret) async throws
        -> HTTPResult
    {
        try await Curl.postJSON(
            server.baseURL + "/oauth/token",
            [
                "grant_type": "refresh_token", "client_id": client.id, "client_secret": secret,
                "refresh_token": refreshToken,
            ])
    }

    /// A full login: code and exchange; returns the token answer's JSON.
    static func login(_ server: SandboxServer, scopes: [String] = SandboxClient.defaultScopes) async throws -> [String:
        Any]
    {
        let code = try await code(server, scopes: scopes)
        let answer = try await exchange(server, code: code)
        guard answer.status == 200 else { throw CurlError(message: "exchange failed: \(answer.body)") }
        return try answer.jsonObject()
    }

    /// GET on the CSM API of the first site with a bearer token.
    static func api(
        _ server: SandboxServer, _ path: String, method: String = "GET", token: String, json: [String: Any]? = nil
    ) async throws -> HTTPResult {
        let url = server.apiBaseURL() + path
        let headers = ["Authorization": "Bearer \(token)"]
        if let json {
            let data = try JSONSerialization.data(withJSONObject: json)
            return try await Curl.request(
                method, url, headers: headers.merging(["Content-Type": "application/json"]) { $1 }, bodyData: data)
        }
        return try await Curl.request(method, url, headers: headers)
    }

    /// `Authorization: Basic …` for a user.
    static func basic(_ user: SandboxUser, token: String? = nil) -> [String: String] {
        ["Authorization": "Basic " + Data("\(user.email):\(token ?? user.apiToken)".utf8).base64EncodedString()]
    }
}
