/// A token endpoint answer, as ``SandboxServer/issueTokens(for:clientID:scopes:cloudIDs:)`` returns
/// it when it mints tokens without a browser.
///
/// Over HTTP the same answer is the JSON body
/// `{"access_token","expires_in","scope","refresh_token","token_type":"Bearer"}`.
public struct SandboxTokenResponse: Sendable, Hashable {
    /// The access token, to send as `Authorization: Bearer …`: 32 random bytes, base64url-encoded,
    /// opaque to clients.
    public var accessToken: String
    /// Seconds until the access token expires: the access-token lifetime in force, rounded up to
    /// whole seconds (`expires_in`).
    public var expiresIn: Int
    /// The granted scopes, in the order they were granted (`scope`, space-separated over HTTP).
    public var scopes: [String]
    /// The refresh token, present only when `offline_access` was granted; it rotates: each use
    /// answers a new one.
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
