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

    public var auth: AuthKind
    public var storage: StorageKind
    public var clientID: String?
    /// The account email of a Basic-auth profile.
    public var email: String?
    public var cloudID: String?
    public var siteURL: String?
    public var siteName: String?
    public var scopes: [String]
    public var callbackURL: String?
    /// The authorization server, when not Atlassian's (a sandbox, say).
    public var authURL: String?
    /// The API gateway, when not Atlassian's.
    public var apiURL: String?
    /// Keys this version does not know, kept so that saving never drops a user's settings.
    public var otherKeys: [String: String]

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
    /// The settings as ordered `key = value` pairs, empty values left out.
    var keyValues: [(String, String)] {
        let known: [(String, String?)] = [
            ("auth", auth.rawValue), ("storage", storage.rawValue), ("client_id", clientID), ("email", email),
            ("cloud_id", cloudID), ("site_url", siteURL), ("site_name", siteName),
            ("scopes", scopes.isEmpty ? nil : scopes.joined(separator: " ")), ("callback_url", callbackURL),
            ("auth_url", authURL), ("api_url", apiURL),
        ]
        return known.compactMap { key, value in value.map { (key, $0) } } + otherKeys.sorted { $0.key < $1.key }
    }

    /// Reads settings from `key = value` pairs.
    /// - Throws: ``CSMAuthError`` naming the key when a value is not allowed.
    init(keyValues: [String: String], profile: String) throws {
        func choice<T: RawRepresentable>(_ key: String, default fallback: T) throws -> T where T.RawValue == String {
            guard let raw = keyValues[key] else { return fallback }
            guard let value = T(rawValue: raw) else {
                throw CSMAuthError(.invalidConfiguration, "profile '\(profile)' in the configuration file has an invalid \(key) '\(raw.printableLine)'")
            }
            return value
        }
        let storage = try choice("storage", default: StorageKind.keyring)
        self.init(
            auth: try choice("auth", default: AuthKind.oauth),
            storage: storage,
            clientID: keyValues["client_id"], email: keyValues["email"], cloudID: keyValues["cloud_id"],
            siteURL: keyValues["site_url"], siteName: keyValues["site_name"],
            scopes: keyValues["scopes"].map { $0.split(separator: " ").map(String.init) } ?? [],
            callbackURL: keyValues["callback_url"], authURL: keyValues["auth_url"], apiURL: keyValues["api_url"],
            otherKeys: keyValues.filter { !Self.knownKeys.contains($0.key) }
        )
    }

    static let knownKeys: Set<String> = [
        "auth", "storage", "client_id", "email", "cloud_id", "site_url", "site_name", "scopes", "callback_url", "auth_url", "api_url",
    ]
}
