import Foundation

/// Stores an email and API token (Basic auth, for scripts and bots), with the site's cloudId.
public struct BasicLogin: Sendable {
    public let environment: CSMAuthEnvironment
    public let transport: any HTTPTransport

    public init(environment: CSMAuthEnvironment, transport: any HTTPTransport) {
        self.environment = environment
        self.transport = transport
    }

    /// Resolves the cloudId from `{SITE_URL}/_edge/tenant_info`, then saves the profile.
    /// - Returns: the cloudId.
    public func run(profile: String, siteURL: URL, email: String, apiToken: Secret, storage: StorageKind) async throws -> String {
        guard email.contains("@"), !email.contains(":") else {
            throw CSMAuthError(.usage, "'\(email)' is not an account email address")
        }
        let existing = try Profiles(environment: environment).settings(profile)
        let apiURL = try environment.apiURL(existing)
        let cloudID = try await SitesClient(transport: transport).cloudID(siteURL: siteURL)
        let settings = ProfileSettings(
            auth: .basic, storage: storage, email: email, cloudID: cloudID, siteURL: siteURL.absoluteString,
            siteName: siteURL.host, apiURL: apiURL.absoluteString == CSMAuthEnvironment.defaultAPIURL ? nil : apiURL.absoluteString,
            otherKeys: existing?.otherKeys ?? [:])
        try await LoginCommit(environment: environment, store: environment.credentialStore(storage))
            .save(StoredCredentials(apiToken: apiToken), settings: settings, profile: profile, label: CredentialLabel.make(profile: profile, settings: settings))
        return cloudID
    }
}
