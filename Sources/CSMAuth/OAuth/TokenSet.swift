import FoundationEssentials

/// What the token endpoint issued: an access token, its expiry, and (with `offline_access`) a refresh token.
struct TokenSet: Sendable, Equatable {
    var accessToken: Secret
    var expiresAt: Date
    var refreshToken: Secret?
    var scopes: [String]
}
