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

    /// The longest access-token lifetime (`expires_in`) taken from a token endpoint: 366 days.
    ///
    /// Atlassian's are an hour. A longer one would outlive the refresh token's 365-day limit,
    /// and a huge one (1e19) once ended the process when it was turned into whole seconds.
    static let longestLifetime: TimeInterval = 366 * 86_400

    /// Reads the token endpoint's answer: the token set of a 2xx answer, or the error it stands for.
    ///
    /// Pure (no I/O, no clock), so the parse of these untrusted bytes can be tested and fuzzed alone.
    /// What it returns is safe to store, print and send: every token passes `TokenText`, the
    /// expiry is from 0 to ``longestLifetime`` seconds after `sentAt`.
    /// - Parameters:
    ///   - response: the whole answer of the token endpoint.
    ///   - sentAt: when the request was sent; `expires_in` counts from then.
    /// - Returns: the token set.
    /// - Throws: ``OAuthError``: the one ``error(from:)`` maps a non-2xx answer to, or
    ///   `.badResponse` for a 2xx answer without an access token, or with a field out of range
    ///   (a token that is not printable ASCII without spaces, an `expires_in` that is not a number
    ///   from 0 to ``longestLifetime``, a `token_type` other than Bearer); the message names the
    ///   field, never its value.
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
        // Checked before anything is stored or printed: a line break in a token would become a
        // header of its own in `csm-auth header | curl -H @-`, an escape sequence would reach the
        // terminal. The value is never shown: it may be a working token.
        guard TokenText.isValid(answer.accessToken) else { throw unusable("access_token") }
        if let refreshToken = answer.refreshToken, !TokenText.isValid(refreshToken) {
            throw unusable("refresh_token")
        }
        let scopes = answer.scope?.split(separator: " ").map(String.init) ?? []
        // Scopes end up in the settings file and in `status`: the same characters as a token.
        guard scopes.allSatisfy(TokenText.isValid) else { throw unusable("scope") }
        if let tokenType = answer.tokenType, tokenType.lowercased() != "bearer" {
            // RFC 6749, 7.1: a client must not use a token whose type it does not understand.
            throw OAuthError(
                .badResponse, "the token endpoint answered a token_type other than Bearer; nothing was stored")
        }
        let lifetime: TimeInterval
        switch answer.expiresIn {
        case .absent: lifetime = 3600
        case .seconds(let seconds) where seconds >= 0 && seconds <= longestLifetime: lifetime = seconds
        case .seconds, .notANumber:
            throw OAuthError(
                .badResponse,
                "the token endpoint answered an expires_in out of range (it must be 0 to \(Int(longestLifetime)) seconds); nothing was stored"
            )
        }
        return TokenSet(
            accessToken: Secret(answer.accessToken),
            expiresAt: sentAt.addingTimeInterval(lifetime),
            refreshToken: answer.refreshToken.map(Secret.init),
            scopes: scopes
        )
    }

    private static func unusable(_ field: String) -> OAuthError {
        OAuthError(
            .badResponse,
            "the token endpoint's \(field) holds a space, a control character or a character beyond ASCII; nothing was stored"
        )
    }

    private struct TokenAnswer: Decodable {
        /// `expires_in` as the answer gave it: numbers too large for a `Double` (1e400) and other
        /// types are kept apart from an absent member, so they are refused rather than defaulted.
        enum Lifetime {
            case absent
            case seconds(Double)
            case notANumber
        }

        let accessToken: String
        let expiresIn: Lifetime
        let refreshToken: String?
        let scope: String?
        let tokenType: String?

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token"
            case expiresIn = "expires_in"
            case refreshToken = "refresh_token"
            case scope
            case tokenType = "token_type"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            accessToken = try container.decode(String.self, forKey: .accessToken)
            refreshToken = try container.decodeIfPresent(String.self, forKey: .refreshToken)
            scope = try container.decodeIfPresent(String.self, forKey: .scope)
            if !container.contains(.tokenType) || (try? container.decodeNil(forKey: .tokenType)) == true {
                tokenType = nil
            } else {
                // Not a string: not a type this client understands either.
                tokenType = (try? container.decode(String.self, forKey: .tokenType)) ?? ""
            }
            if !container.contains(.expiresIn) || (try? container.decodeNil(forKey: .expiresIn)) == true {
                expiresIn = .absent
            } else if let seconds = try? container.decode(Double.self, forKey: .expiresIn), seconds.isFinite {
                expiresIn = .seconds(seconds)
            } else {
                expiresIn = .notANumber
            }
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
