import NIOHTTP1

extension SandboxState {
    /// `POST /oauth/token`: the authorization_code, refresh_token and client_credentials grants;
    /// the request body is JSON or, as RFC 6749 has it, form-encoded; answers are JSON.
    mutating func token(_ request: SandboxRequest) -> SandboxResponse {
        let response = tokenAnswer(request)
        if response.status.code >= 400 && !response.dropsConnection {
            stats.tokenErrors += 1
        }
        return response
    }

    private mutating func tokenAnswer(_ request: SandboxRequest) -> SandboxResponse {
        let body = Self.tokenRequestBody(request)
        // Count the attempt by kind before any fault or check, so tests see what the client tried.
        switch body?["grant_type"]?.stringValue {
        case "authorization_code": stats.authorizationCodeGrants += 1
        case "refresh_token": stats.refreshGrants += 1
        default: break
        }
        if body?["grant_type"]?.stringValue == "client_credentials",
            faults.tokenEndpoint == .none || faults.tokenEndpoint == .dropAfterRefresh,
            let body
        {
            return clientCredentialsToken(body)
        }
        switch faults.tokenEndpoint {
        case .none, .dropAfterRefresh:
            break
        case .serverError:
            return .json(
                ["error": "server_error", "error_description": "Internal Server Error"], status: .internalServerError)
        case .html:
            return .html(
                "<!DOCTYPE html><html><head><title>Sign in to the network</title></head><body><p>Please sign in.</p></body></html>"
            )
        }

        guard let body, case .object = body else {
            return Self.tokenError(
                .badRequest, "invalid_request",
                "The request body must be a JSON object or form-encoded, each parameter once.")
        }
        guard let grantType = body["grant_type"]?.stringValue else {
            return Self.tokenError(.badRequest, "invalid_request", "Missing grant_type.")
        }
        guard grantType == "authorization_code" || grantType == "refresh_token" else {
            return Self.tokenError(.badRequest, "unsupported_grant_type", "Unsupported grant type: \(grantType)")
        }
        // The secret is required for both grants (Atlassian supports no PKCE and no public clients).
        guard let clientID = body["client_id"]?.stringValue, let client = client(id: clientID),
            let secret = body["client_secret"]?.stringValue,
            ConstantTime.equals(secret, client.secret)
        else {
            return Self.tokenError(.unauthorized, "access_denied", "Unauthorized")
        }
        let now = clock()
        do throws(GrantStore.Failure) {
            let tokens: SandboxTokenResponse
            if grantType == "authorization_code" {
                guard let code = body["code"]?.stringValue, let redirectURI = body["redirect_uri"]?.stringValue else {
                    return Self.tokenError(.badRequest, "invalid_request", "Missing code or redirect_uri.")
                }
                tokens = try grants.redeem(
                    code: code, clientID: client.id, redirectURI: redirectURI, now: now, settings: settings)
            } else {
                guard let refreshToken = body["refresh_token"]?.stringValue else {
                    return Self.tokenError(.badRequest, "invalid_request", "Missing refresh_token.")
                }
                tokens = try grants.refresh(
                    refreshToken: refreshToken, clientID: client.id, now: now, settings: settings)
                if faults.tokenEndpoint == .dropAfterRefresh { return .droppedConnection }
            }
            return .json(faults.tokenAnswer?.applied(to: tokens.json) ?? tokens.json)
        } catch {
            switch error {
            case .invalidAuthorizationCode:
                return Self.tokenError(.forbidden, "invalid_grant", "Invalid authorization code")
            case .invalidRefreshToken:
                return Self.tokenError(.forbidden, "invalid_grant", "Unknown or invalid refresh token.")
            }
        }
    }

    /// The token request's parameters: a form-encoded body (`Content-Type:
    /// application/x-www-form-urlencoded`) as a JSON object of strings, else the JSON body; nil
    /// (an invalid request) for a form that is not valid or names a parameter twice.
    private static func tokenRequestBody(_ request: SandboxRequest) -> JSONValue? {
        let contentType = request.headers.first(name: "content-type")?.lowercased() ?? ""
        guard contentType.hasPrefix("application/x-www-form-urlencoded") else { return JSONValue.parse(request.body) }
        guard let text = String(validating: request.body, as: UTF8.self), let pairs = FormEncoding.decode(text) else {
            return nil
        }
        var members: [String: JSONValue] = [:]
        for (name, value) in pairs {
            // RFC 6749 3.1: no parameter may be sent twice, and 5.2 makes such a request invalid.
            guard members.updateValue(.string(value), forKey: name) == nil else { return nil }
        }
        return .object(members)
    }

    private static func tokenError(_ status: HTTPResponseStatus, _ error: String, _ description: String)
        -> SandboxResponse
    {
        .json(["error": .string(error), "error_description": .string(description)], status: status)
    }
}
