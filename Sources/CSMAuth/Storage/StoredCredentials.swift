import FoundationEssentials

/// Everything secret about one profile, kept as one JSON document so that every
/// update replaces it in a single write.
public struct StoredCredentials: Sendable, Equatable, Codable {
    /// The OAuth client secret (3LO and service-account profiles).
    public var clientSecret: Secret?
    /// The current access token (OAuth and service-account profiles).
    public var accessToken: Secret?
    /// When ``accessToken`` expires.
    public var accessTokenExpiresAt: Date?
    /// The current refresh token of a 3LO profile. Atlassian rotates it on every refresh: only the
    /// latest one stays valid (the previous one for a 10-minute reuse interval).
    public var refreshToken: Secret?
    /// When the user consented, which starts the refresh token family's absolute lifetime.
    public var refreshTokenFamilyStartedAt: Date?
    /// When the refresh token was last rotated, which restarts its inactivity lifetime.
    public var refreshTokenRotatedAt: Date?
    /// Set when the server answered `invalid_grant` to the refresh token, or refused a service
    /// account's credential (`invalid_client`): later calls fail fast and ask for a login.
    public var refreshTokenRevoked: Bool
    /// The Atlassian API token of a Basic-auth profile.
    public var apiToken: Secret?

    /// A document; every secret absent by default.
    /// - Parameters:
    ///   - clientSecret: the OAuth client secret (3LO and service-account profiles).
    ///   - accessToken: the current access token.
    ///   - accessTokenExpiresAt: when `accessToken` expires.
    ///   - refreshToken: the current refresh token (3LO with `offline_access`).
    ///   - refreshTokenFamilyStartedAt: when the user consented.
    ///   - refreshTokenRotatedAt: when the refresh token was last rotated.
    ///   - refreshTokenRevoked: whether the server refused the refresh token (`invalid_grant`) or
    ///     the service account's credential.
    ///   - apiToken: the API token of a Basic-auth profile.
    public init(
        clientSecret: Secret? = nil,
        accessToken: Secret? = nil,
        accessTokenExpiresAt: Date? = nil,
        refreshToken: Secret? = nil,
        refreshTokenFamilyStartedAt: Date? = nil,
        refreshTokenRotatedAt: Date? = nil,
        refreshTokenRevoked: Bool = false,
        apiToken: Secret? = nil
    ) {
        self.clientSecret = clientSecret
        self.accessToken = accessToken
        self.accessTokenExpiresAt = accessTokenExpiresAt
        self.refreshToken = refreshToken
        self.refreshTokenFamilyStartedAt = refreshTokenFamilyStartedAt
        self.refreshTokenRotatedAt = refreshTokenRotatedAt
        self.refreshTokenRevoked = refreshTokenRevoked
        self.apiToken = apiToken
    }

    /// Reads a stored document; absent keys are nil, and an absent ``refreshTokenRevoked`` is false,
    /// so documents of older versions still load.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        clientSecret = try container.decodeIfPresent(Secret.self, forKey: .clientSecret)
        accessToken = try container.decodeIfPresent(Secret.self, forKey: .accessToken)
        accessTokenExpiresAt = try container.decodeIfPresent(Date.self, forKey: .accessTokenExpiresAt)
        refreshToken = try container.decodeIfPresent(Secret.self, forKey: .refreshToken)
        refreshTokenFamilyStartedAt = try container.decodeIfPresent(Date.self, forKey: .refreshTokenFamilyStartedAt)
        refreshTokenRotatedAt = try container.decodeIfPresent(Date.self, forKey: .refreshTokenRotatedAt)
        refreshTokenRevoked = try container.decodeIfPresent(Bool.self, forKey: .refreshTokenRevoked) ?? false
        apiToken = try container.decodeIfPresent(Secret.self, forKey: .apiToken)
    }

    /// The JSON document stored in the keyring item or file.
    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    /// Reads the stored JSON document.
    /// - Throws: ``CredentialStoreError`` with code `.corrupt` when it is not one.
    static func decoded(from data: Data, location: String) throws -> StoredCredentials {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        do {
            return try decoder.decode(StoredCredentials.self, from: data)
        } catch {
            throw CredentialStoreError(
                .corrupt,
                "the stored credentials in \(location) are not valid JSON; run `csm-auth logout` and log in again")
        }
    }
}
