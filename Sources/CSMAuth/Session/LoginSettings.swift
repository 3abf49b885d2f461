import FoundationEssentials
import Glibc

/// What a login is made with, resolved the same way for every kind of login: a flag first, then
/// the environment (`CSM_AUTH_*`), then what the profile saved last time.
///
/// A tool builds one from its flags, asks it for the client id, secret, callback URL, scopes and
/// store, and reads the user's input (a secret on standard input, a prompt) only for what it
/// cannot find here.
public struct LoginSettings: Sendable {
    /// The CSM scopes asked for when neither a flag nor the profile names any.
    public static let defaultScopes = [
        "read:customer:jira-service-management", "read:customer.detail:jira-service-management",
        "read:customer.detail-field:jira-service-management", "write:customer.detail-field:jira-service-management",
        "read:organization:jira-service-management", "read:organization.detail:jira-service-management",
        "write:organization.detail-field:jira-service-management",
    ]

    public let environment: CSMAuthEnvironment
    /// The profile logged in to (the flag, `CSM_AUTH_PROFILE` or `default`).
    public let profile: String
    /// The profile's saved settings, nil for a new profile.
    public let existing: ProfileSettings?
    /// Where the login stores its secrets: the flag, `CSM_AUTH_STORAGE`, the profile's, or the keyring.
    public let storage: StorageKind

    /// - Throws: `.usage` for an invalid profile name or `CSM_AUTH_STORAGE`; the settings file's errors.
    public init(environment: CSMAuthEnvironment, profile: String?, storage: StorageKind?) throws {
        self.environment = environment
        self.profile = try environment.profileName(profile)
        existing = try Profiles(environment: environment).settings(self.profile)
        self.storage = try environment.storageForLogin(flag: storage, existing: existing)
    }

    /// The store the login writes to.
    public var store: any CredentialStore { environment.credentialStore(storage) }

    /// The client id: `flag`, `CSM_AUTH_CLIENT_ID`, or the profile's saved one; nil when there is none.
    public func clientID(_ flag: String?) -> String? {
        flag ?? environment.value("CSM_AUTH_CLIENT_ID") ?? existing?.clientID
    }

    /// The client secret without asking anyone: `CSM_AUTH_CLIENT_SECRET`, else the profile's saved
    /// one when it was saved for the same client id and kind of login; nil otherwise (then ask).
    public func knownClientSecret(for clientID: String, auth: ProfileSettings.AuthKind) async throws -> Secret? {
        if let value = environment.value("CSM_AUTH_CLIENT_SECRET") { return Secret(value) }
        guard let existing, existing.clientID == clientID, existing.auth == auth else { return nil }
        return try await environment.credentialStore(existing.storage).load(profile: profile)?.clientSecret
    }

    /// The callback URL: `http://localhost:PORT/callback` for `port`, else `flag`, the profile's, or the default.
    /// - Throws: `.usage` when it is not a URL.
    public func callbackURL(_ flag: String?, port: Int?) throws -> URL {
        let text = port.map { "http://localhost:\($0)/callback" } ?? flag ?? existing?.callbackURL ?? LoginRequest.defaultCallbackURL
        guard let url = URL(string: text) else { throw CSMAuthError(.usage, "invalid callback URL '\(text)'") }
        return url
    }

    /// The scopes to ask for: `flags`, else the profile's, else ``defaultScopes``.
    public func scopes(_ flags: [String]) -> [String] {
        if !flags.isEmpty { return flags }
        if let saved = existing?.scopes, !saved.isEmpty { return saved }
        return Self.defaultScopes
    }
}
