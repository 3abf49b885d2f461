import FoundationEssentials
import Glibc

/// What the token endpoint issued: an access token, its expiry, and (with `offline_access`) a refresh token.
public struct TokenSet: Sendable, Equatable {
    public var accessToken: Secret
    public var expiresAt: Date
    public var refreshToken: Secret?
    public var scopes: [String]

    public init(accessToken: Secret, expiresAt: Date, refreshToken: Secret?, scopes: [String]) {
        self.accessToken = accessToken
        self.expiresAt = expiresAt
        self.refreshToken = refreshToken
        self.scopes = scopes
    }
}
