/// The non-secret settings of one profile, as kept in the configuration file.
public struct ProfileSettings: Sendable, Equatable {
    /// How the profile authenticates.
    public enum AuthKind: String, Sendable, CaseIterable {
        /// OAuth 2.0 authorization code (3LO) with refresh tokens.
        case oauth
        /// Email and API token.
        case basic
        /// An Atlassian service account's OAuth 2.0 credential: client id and secret, tokens
        /// minted with `grant_type=client_credentials`, no refresh token.
        case clientCredentials = "client-credentials"
    }

    /// How the profile authenticates (`auth`). Default ``AuthKind/oauth``.
    public var auth: AuthKind
    /// Where the profile's secrets are (`storage`). Default ``StorageKind/keyring``.
    public var storage: StorageKind
    /// The OAuth client id of a 3LO or service-account profile (`client_id`).
    public var clientID: String?
    /// The account email of a Basic-auth profile.
    public var email: String?
    /// The cloudId of the selected site (`cloud_id`); nil until a site is chosen.
    public var cloudID: String?
    /// The URL of the selected site (`site_url`), such as `https://acme.atlassian.net`.
    public var siteURL: String?
    /// The name of the selected site (`site_name`); a Basic or service-account login saves the site's host.
    public var siteName: String?
    /// The scopes of the last login, as granted or else as asked for (`scopes`, space-separated in the file).
    public var scopes: [String]
    /// The callback URL of the last 3LO login (`callback_url`), used again by the next one.
    public var callbackURL: String?
    /// The authorization server, when not Atlassian's (a sandbox, say).
    public var authURL: String?
    /// The API gateway, when not Atlassian's.
    public var apiURL: String?
    /// Keys this version does not know, kept so that saving never drops a user's settings.
    public var otherKeys: [String: String]
    /// Who the last 3LO login belongs to, from `{API_URL}/me` (`account_id`, `account_name`,
    /// `account_email`); nil when it is not known.
    package var account: AtlassianAccount? = nil

    /// - Parameters:
    ///   - auth: how the profile authenticates; default ``AuthKind/oauth``.
    ///   - storage: where its secrets are; default ``StorageKind/keyring``.
    ///   - clientID: the OAuth client id.
    ///   - email: the account email of a Basic-auth profile.
    ///   - cloudID: the selected site's cloudId.
    ///   - siteURL: the selected site's URL.
    ///   - siteName: the selected site's name.
    ///   - scopes: the granted scopes; none by default.
    ///   - callbackURL: the 3LO callback URL.
    ///   - authURL: the authorization server, when not Atlassian's.
    ///   - apiURL: the API gateway, when not Atlassian's.
    ///   - otherKeys: keys this version does not know, written back as they are.
    public init(
        auth: AuthKind = .oauth, storage: StorageKind = .keyring, clientID: String? = nil, email: String? = nil,
        cloudID: String? = nil, siteURL: String? = nil, siteName: String? = nil, scopes: [String] = [],
        callbackURL: String? = nil, authURL: String? = nil, apiURL: String? = nil, otherKeys: [String: String] = [:]
    ) {
        self.auth = auth
        self.storage = storage
        self.clientID = clientID
        self.email = email
        self.cloudID = cloudID
        self.siteURL = siteURL
        self.siteName = siteName
        self.scopes = scopes
        self.callbackURL = callbackURL
        self.authURL = authURL
        self.apiURL = apiURL
        self.otherKeys = otherKeys
    }
}

extension ProfileSettings {
    /// Who the profile is logged in as, as far as its settings know: the account a 3LO or
    /// service-account login's `/me` named, or a Basic login's email; nil otherwise.
    package var knownAccount: AtlassianAccount? {
        if let account { return account }
        guard auth == .basic, let email else { return nil }
        return AtlassianAccount(accountID: nil, name: nil, email: email)
    }

    /// The settings as ordered `key = value` pairs, empty values left out.
    var keyValues: [(String, String)] {
        let known: [(String, String?)] = [
            ("auth", auth.rawValue), ("storage", storage.rawValue), ("client_id", clientID), ("email", email),
            ("cloud_id", cloudID), ("site_url", siteURL), ("site_name", siteName),
            ("scopes", scopes.isEmpty ? nil : scopes.joined(separator: " ")), ("callback_url", callbackURL),
            ("auth_url", authURL), ("api_url", apiURL), ("account_id", account?.accountID),
            ("account_name", account?.name), ("account_email", account?.email),
        ]
        return known.compactMap { key, value in value.map { (key, $0) } } + otherKeys.sorted { $0.key < $1.key }
    }

    /// Reads settings from `key = value` pairs.
    /// - Parameter file: the configuration file, as errors name it.
    /// - Throws: ``CSMAuthError`` naming the file, the key and the values allowed when a value is not.
    init(keyValues: [String: String], profile: String, file: String = "the configuration file") throws {
        func choice<T: RawRepresentable>(_ key: String, default fallback: T, allowed: String) throws -> T
        where T.RawValue == String {
            guard let raw = keyValues[key] else { return fallback }
            guard let value = T(rawValue: raw) else {
                throw CSMAuthError(
                    .invalidConfiguration,
                    "profile '\(profile)' in \(file) has an invalid \(key) '\(raw.printableLine)': use \(allowed)")
            }
            return value
        }
        // `custom` is written by programs that bring their own store, not by hand.
        let storage = try choice("storage", default: StorageKind.keyring, allowed: "keyring, file or etcd")
        self.init(
            auth: try choice("auth", default: AuthKind.oauth, allowed: "oauth, basic or client-credentials"),
            storage: storage,
            clientID: keyValues["client_id"], email: keyValues["email"], cloudID: keyValues["cloud_id"],
            siteURL: keyValues["site_url"], siteName: keyValues["site_name"],
            scopes: keyValues["scopes"].map { $0.split(separator: " ").map(String.init) } ?? [],
            callbackURL: keyValues["callback_url"], authURL: keyValues["auth_url"], apiURL: keyValues["api_url"],
            otherKeys: keyValues.filter { !Self.knownKeys.contains($0.key) }
        )
        let account = AtlassianAccount(
            accountID: keyValues["account_id"], name: keyValues["account_name"], email: keyValues["account_email"])
        if account != AtlassianAccount(accountID: nil, name: nil, email: nil) { self.account = account }
    }

    static let knownKeys: Set<String> = [
        "auth", "storage", "client_id", "email", "cloud_id", "site_url", "site_name", "scopes", "callback_url",
        "auth_url", "api_url", "account_id", "account_name", "account_email",
    ]
}
