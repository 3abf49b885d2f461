import FoundationEssentials

/// Atlassian's token endpoint, `{AUTH_URL}/oauth/token`: code exchange and refresh, JSON bodies.
struct TokenEndpoint: Sendable {
    let authURL: URL
    let transport: any HTTPTransport
    let now: @Sendable () -> Date

    init(authURL: URL, transport: any HTTPTransport, now: @escaping @Sendable () -> Date = { Date() }) {
        self.authURL = authURL
        self.transport = transport
        self.now = now
    }

    /// Exchanges an authorization code for tokens.
    func exchange(code: Secret, redirectURI: String, client: ClientCredentials) async throws -> TokenSet {
        try await request([
            "grant_type": "authorization_code", "client_id": client.id, "client_secret": client.secret.reveal(),
            "code": code.reveal(), "redirect_uri": redirectURI,
        ])
    }

    /// Trades a refresh token for a new token set (with a new, rotated refresh token).
    func refresh(_ refreshToken: Secret, client: ClientCredentials) async throws -> TokenSet {
        try await request([
            "grant_type": "refresh_token", "client_id": client.id, "client_secret": client.secret.reveal(),
            "refresh_token": refreshToken.reveal(),
        ])
    }

    /// A service account's access token (`grant_type=client_credentials`); there is no refresh token.
    /// - Parameter scopes: the scopes to ask for; none asks for all of the credential's.
    func clientCredentials(_ client: ClientCredentials, scopes: [String] = []) async throws -> TokenSet {
        var fields = [
            "grant_type": "client_credentials", "client_id": client.id, "client_secret": client.secret.reveal(),
        ]
        if !scopes.isEmpty { fields["scope"] = scopes.joined(separator: " ") }
        return try await request(fields)
    }

    private func request(_ fields: [String: String]) async throws -> TokenSet {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = try encoder.encode(fields)
        let sentAt = now()
        let response = try await transport.send(
            HTTPRequest(
                method: "POST", url: authURL.appending(path: "oauth/token"),
                headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("Accept", "application/json")],
                body: body))
        return try Self.tokenSet(from: response, sentAt: sentAt)
    }

    /// Reads the token endpoint's answer: the token set of a 2xx answer, or the error it stands for.
    ///
    /// Pure (no I/O, no clock), so the parse of these untrusted bytes can be tested and fuzzed alone.
    /// - Parameters:
    ///   - response: the whole answer of the token endpoint.
    ///   - sentAt: when the request was sent; `expires_in` counts from then.
    /// - Returns: the token set.
    /// - Throws: ``OAuthError``: the one ``error(from:)`` maps a non-2xx answer to, or
    ///   `.badResponse` for a 2xx answer without an access token.
    static func tokenSet(from response: HTTPResponse, sentAt: Date) throws -> TokenSet {
        guard (200..<300).contains(response.status) else { throw error(from: response) }
        guard let answer = try? JSONDecoder().decode(TokenAnswer.self, from: response.body),
            !answer.accessToken.isEmpty
        else {
            throw OAuthError(
                .badResponse,
                "the token endpoint answered HTTP \(response.status) without a token (\(contentType(response))): is the auth URL right?"
            )
        }
        return TokenSet(
            accessToken: Secret(answer.accessToken),
            expiresAt: sentAt.addingTimeInterval(answer.expiresIn ?? 3600),
            refreshToken: answer.refreshToken.map(Secret.init),
            scopes: answer.scope?.split(separator: " ").map(String.init) ?? []
        )
    }

    private struct TokenAnswer: Decodable {
        let accessToken: String
        let expiresIn: Double?
        let refreshToken: String?
        let scope: String?

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token"
            case expiresIn = "expires_in"
            case refreshToken = "refresh_token"
            case scope
        }
    }

    private struct ErrorAnswer: Decodable {
        let error: String?
        let errorDescription: String?

        enum CodingKeys: String, CodingKey {
            case error
            case errorDescription = "error_description"
        }
    }

    /// Maps an error answer to a one-line ``OAuthError``; the server's description is shown, cut short.
    static func error(from response: HTTPResponse) -> OAuthError {
        let answer = try? JSONDecoder().decode(ErrorAnswer.self, from: response.body)
        // Both are the server's text: cut short and made printable, so the message stays one line
        // and cannot carry a terminal escape sequence.
        let oauthError = answer?.error.map { String($0.printableLine.prefix(64)) }
        let detail = answer?.errorDescription.map { ": " + $0.printableLine.prefix(200) } ?? ""
        if oauthError == "invalid_grant" {
            return OAuthError(
                .invalidGrant, oauthError: oauthError,
                "the authorization server refused the grant (invalid_grant\(detail))")
        }
        if response.status == 401 || oauthError == "invalid_client" {
            return OAuthError(
                .invalidClient, oauthError: oauthError,
                "the token endpoint refused the client credentials (HTTP \(response.status)): check the client id and client secret"
            )
        }
        if response.status >= 500 {
            return OAuthError(
                .serverError, oauthError: oauthError,
                "the token endpoint failed with HTTP \(response.status); try again later")
        }
        if let oauthError {
            return OAuthError(
                .rejected, oauthError: oauthError,
                "the token endpoint refused the request with HTTP \(response.status) (\(oauthError)\(detail))")
        }
        return OAuthError(
            .badResponse,
            "the token endpoint answered HTTP \(response.status) (\(contentType(response))) without an OAuth error")
    }

    static func contentType(_ response: HTTPResponse) -> String {
        response.header("Content-Type")?.split(separator: ";").first.map(String.init) ?? "no content type"
    }
}
