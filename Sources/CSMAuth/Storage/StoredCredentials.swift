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
    /// - Throws: ``CredentialStoreError`` with code `.corrupt` when it is not one, or when a field
    ///   cannot be used as it is (``unusableField``).
    static func decoded(from data: Data, location: String) throws -> StoredCredentials {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        let credentials: StoredCredentials
        do {
            credentials = try decoder.decode(StoredCredentials.self, from: data)
        } catch {
            throw CredentialStoreError(
                .corrupt,
                "the stored credentials in \(location) are not valid JSON; run `csm-auth logout` and log in again")
        }
        if let field = credentials.unusableField {
            throw unusable(field, in: location, fix: "run `csm-auth logout` and log in again")
        }
        return credentials
    }

    /// The dates a document may hold: from 1970 to the end of the year 9999, the last that
    /// RFC 3339 (`status --json`) can write. A store is something a person can edit (a file, a
    /// keyring item), and a date far beyond it (1e19 seconds) once stopped every command that
    /// turned it into whole seconds.
    static let validDates = Date(timeIntervalSince1970: 0)...Date(timeIntervalSince1970: 253_402_300_799)

    /// The name of the first field that cannot be used as it is, nil when every one can: a date
    /// outside ``validDates``, or a token that is not printable ASCII without spaces (`TokenText`):
    /// a line break in it would become a header of its own, an escape sequence would reach the
    /// terminal of `csm-auth token`. (The client secret only ever goes into a JSON body.)
    package var unusableField: String? {
        let dates = [
            ("accessTokenExpiresAt", accessTokenExpiresAt),
            ("refreshTokenFamilyStartedAt", refreshTokenFamilyStartedAt),
            ("refreshTokenRotatedAt", refreshTokenRotatedAt),
        ]
        for (name, date) in dates {
            if let date, !Self.validDates.contains(date) { return name }
        }
        for (name, token) in [("accessToken", accessToken), ("refreshToken", refreshToken), ("apiToken", apiToken)] {
            if let token, !TokenText.isValid(token.reveal()) { return name }
        }
        return nil
    }

    /// The error for a document whose `field` cannot be used (``unusableField``); never its value.
    package static func unusable(_ field: String, in location: String, fix: String) -> CredentialStoreError {
        CredentialStoreError(
            .corrupt,
            "the stored credentials in \(location) hold an unusable \(field) (a date out of range, or a token with a space or a control character); \(fix)"
        )
    }
}
