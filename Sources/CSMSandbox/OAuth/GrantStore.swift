import Foundation

/// The authorization server's memory: grants, authorization codes, access and refresh tokens.
///
/// A *grant* is one consent (one "family"): the code it started with and every access and refresh
/// token descended from it. Revoking a grant kills all of them at once, which is what Atlassian does
/// when a rotated refresh token is replayed after the reuse interval or the user revokes the app.
/// The store does no I/O and takes the current time as an argument, so it is tested with a fake clock.
struct GrantStore: Sendable {
    /// Why a code or refresh token was refused. The token endpoint maps each to Atlassian's answer.
    enum Failure: Swift.Error, Equatable {
        /// Unknown, expired, already used, for another client, or with a different redirect_uri.
        case invalidAuthorizationCode
        /// Unknown, expired, revoked, replayed too late, or for another client.
        case invalidRefreshToken
    }

    /// One consent.
    struct Grant: Sendable {
        var id: String
        var clientID: String
        var user: SandboxUser
        var scopes: [String]
        /// Sites the tokens may be used with.
        var cloudIDs: [String]
        var createdAt: Date
        var revoked = false

        var offlineAccess: Bool { scopes.contains("offline_access") }
    }

    /// What a valid access token stands for.
    struct Authorization: Sendable {
        var user: SandboxUser
        var scopes: Set<String>
        var cloudIDs: [String]
        var clientID: String
    }

    private struct AuthorizationCode {
        var grant: Grant
        var redirectURI: String
        var expiresAt: Date
        /// Set once the code was exchanged; a second exchange revokes this grant.
        var redeemed = false
    }

    private struct AccessToken {
        var grantID: String
        var expiresAt: Date
    }

    private struct RefreshToken {
        var grantID: String
        var issuedAt: Date
        /// When this token was first used to rotate; from then on only the reuse interval keeps it alive.
        var rotatedAt: Date?
    }

    private var grants: [String: Grant] = [:]
    private var codes: [String: AuthorizationCode] = [:]
    private var accessTokens: [String: AccessToken] = [:]
    private var refreshTokens: [String: RefreshToken] = [:]

    /// An empty store.
    init() {}

    /// Records a consent and returns its single-use authorization code.
    mutating func issueCode(
        clientID: String, redirectURI: String, user: SandboxUser, scopes: [String], cloudIDs: [String],
        now: Date, settings: OAuthSettings
    ) -> String {
        let grant = Grant(
            id: RandomToken.make(byteCount: 12), clientID: clientID, user: user, scopes: scopes, cloudIDs: cloudIDs,
            createdAt: now)
        let code = RandomToken.make()
        codes[code] = AuthorizationCode(
            grant: grant, redirectURI: redirectURI,
            expiresAt: now.addingTimeInterval(settings.authorizationCodeLifetime))
        return code
    }

    /// Exchanges an authorization code for tokens.
    ///
    /// The code is single-use. A replayed code revokes the grant it produced, as RFC 6749 §4.1.2
    /// recommends: a replay means the code leaked, so the tokens it bought are not trusted either.
    /// - Throws: ``Failure/invalidAuthorizationCode``.
    mutating func redeem(
        code: String, clientID: String, redirectURI: String, now: Date, settings: OAuthSettings
    ) throws(Failure) -> SandboxTokenResponse {
        guard var record = codes[code] else { throw .invalidAuthorizationCode }
        if record.redeemed {
            revoke(grantID: record.grant.id)
            throw .invalidAuthorizationCode
        }
        // Exact match on purpose: the redirect_uri of the exchange must be the one the code was sent to.
        guard record.grant.clientID == clientID, record.redirectURI == redirectURI, now < record.expiresAt,
            !record.grant.revoked
        else { throw .invalidAuthorizationCode }
        record.redeemed = true
        codes[code] = record
        grants[record.grant.id] = record.grant
        return mintTokens(for: record.grant, now: now, settings: settings)
    }

    /// Creates a grant and its tokens directly, for tests that need a logged-in client without a browser.
    mutating func issueTokens(
        clientID: String, user: SandboxUser, scopes: [String], cloudIDs: [String], now: Date, settings: OAuthSettings
    ) -> SandboxTokenResponse {
        let grant = Grant(
            id: RandomToken.make(byteCount: 12), clientID: clientID, user: user, scopes: scopes, cloudIDs: cloudIDs,
            createdAt: now)
        grants[grant.id] = grant
        return mintTokens(for: grant, now: now, settings: settings)
    }

    /// Rotates a refresh token: answers a new access token and a new refresh token.
    ///
    /// The used token stays valid for the reuse interval after its first use ("to avoid network
    /// concurrency issues", as Atlassian puts it). Using it after that interval revokes the whole grant.
    /// - Throws: ``Failure/invalidRefreshToken``.
    mutating func refresh(
        refreshToken: String, clientID: String, now: Date, settings: OAuthSettings
    ) throws(Failure) -> SandboxTokenResponse {
        guard var record = refreshTokens[refreshToken], let grant = grants[record.grantID], !grant.revoked,
            grant.clientID == clientID
        else { throw .invalidRefreshToken }
        if let rotatedAt = record.rotatedAt {
            guard now.timeIntervalSince(rotatedAt) <= settings.reuseInterval else {
                revoke(grantID: grant.id)
                throw .invalidRefreshToken
            }
        } else {
            guard now.timeIntervalSince(record.issuedAt) <= settings.refreshTokenInactivity else {
                throw .invalidRefreshToken
            }
            record.rotatedAt = now
            refreshTokens[refreshToken] = record
        }
        if let absolute = settings.refreshTokenAbsoluteLifetime, now.timeIntervalSince(grant.createdAt) > absolute {
            throw .invalidRefreshToken
        }
        return mintTokens(for: grant, now: now, settings: settings)
    }

    /// What `accessToken` authorizes, or `nil` when it is unknown, expired or revoked.
    func authorization(forAccessToken accessToken: String, now: Date) -> Authorization? {
        guard let record = accessTokens[accessToken], now < record.expiresAt,
            let grant = grants[record.grantID], !grant.revoked
        else { return nil }
        return Authorization(
            user: grant.user, scopes: Set(grant.scopes), cloudIDs: grant.cloudIDs, clientID: grant.clientID)
    }

    /// Revokes one grant: its access and refresh tokens stop working at once.
    mutating func revoke(grantID: String) {
        grants[grantID]?.revoked = true
    }

    /// Revokes every grant of one client (a deleted service account credential).
    mutating func revoke(clientID: String) {
        for (id, grant) in grants where grant.clientID == clientID {
            grants[id]?.revoked = true
        }
    }

    /// Revokes every grant and every outstanding code, as when users revoke the app.
    mutating func revokeAll() {
        for id in grants.keys {
            grants[id]?.revoked = true
        }
        codes.removeAll()
    }

    /// How many grants are live (not revoked).
    var liveGrantCount: Int { grants.values.filter { !$0.revoked }.count }

    private mutating func mintTokens(for grant: Grant, now: Date, settings: OAuthSettings) -> SandboxTokenResponse {
        let accessToken = RandomToken.make()
        accessTokens[accessToken] = AccessToken(
            grantID: grant.id, expiresAt: now.addingTimeInterval(settings.accessTokenLifetime))
        var refreshToken: String?
        if grant.offlineAccess {
            let token = RandomToken.make()
            refreshTokens[token] = RefreshToken(grantID: grant.id, issuedAt: now)
            refreshToken = token
        }
        return SandboxTokenResponse(
            accessToken: accessToken,
            expiresIn: Int(settings.accessTokenLifetime.rounded(.up)),
            scopes: grant.scopes,
            refreshToken: refreshToken)
    }
}
