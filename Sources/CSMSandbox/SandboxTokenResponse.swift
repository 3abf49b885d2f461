/// A token endpoint answer, also returned by the Swift API that mints tokens without a browser.
public struct SandboxTokenResponse: Sendable, Hashable {
    /// The opaque access token.
    public var accessToken: String
    /// Seconds until the access token expires (rounded up).
    public var expiresIn: Int
    /// The granted scopes.
    public var scopes: [String]
    /// The refresh token, present only when `offline_access` was granted.
    public var refreshToken: String?

    /// The answer as Atlassian's JSON body.
    var json: JSONValue {
        var members: [String: JSONValue] = [
            "access_token": .string(accessToken),
            "expires_in": .number(Double(expiresIn)),
            "scope": .string(scopes.joined(separator: " ")),
            "token_type": "Bearer",
        ]
        if let refreshToken {
            members["refresh_token"] = .string(refreshToken)
        }
        return .object(members)
    }
}
