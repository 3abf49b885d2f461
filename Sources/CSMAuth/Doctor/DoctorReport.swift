/// What `csm-auth doctor` found for one profile: the facts a bug report needs and one
/// ``DoctorCheck`` per check, in a fixed order. Never holds a secret.
package struct DoctorReport: Sendable, Encodable {
    /// csm-auth's version (``CSMAuthRelease/version``).
    package var version: String
    /// The profile checked.
    package var profile: String
    /// The kind of login (`oauth`, `basic`, `client-credentials`, or `token` for
    /// `CSM_AUTH_TOKEN`); nil when the profile has no settings.
    package var auth: String?
    /// Where the profile's secrets are (`keyring`, `file`, `etcd`, `custom`).
    package var storage: String
    /// The selected site's name, URL and cloudId, when there is one.
    package var siteName: String?
    /// The selected site's URL.
    package var siteURL: String?
    /// The selected site's cloudId.
    package var cloudID: String?
    /// The checks, in the order they are printed.
    package var checks: [DoctorCheck]

    /// Whether no check failed (warnings pass).
    package var ok: Bool { checks.allSatisfy(\.ok) }

    private enum CodingKeys: String, CodingKey {
        case version, profile, auth, storage, siteName
        case siteURL = "siteUrl"
        case cloudID = "cloudId"
        case ok, checks
    }

    /// Every key, absent values as JSON null.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(profile, forKey: .profile)
        try container.encode(auth, forKey: .auth)
        try container.encode(storage, forKey: .storage)
        try container.encode(siteName, forKey: .siteName)
        try container.encode(siteURL, forKey: .siteURL)
        try container.encode(cloudID, forKey: .cloudID)
        try container.encode(ok, forKey: .ok)
        try container.encode(checks, forKey: .checks)
    }
}
