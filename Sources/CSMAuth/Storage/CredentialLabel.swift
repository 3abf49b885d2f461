/// The human-readable name of a profile's stored credentials, as keyring browsers show it.
enum CredentialLabel {
    /// `csm-auth: NAME (SITE)`, where SITE is the site's host or name.
    static func make(profile: String, site: String?) -> String {
        "csm-auth: \(profile) (\(site ?? "no site chosen"))"
    }

    /// The label of a profile with these settings: its site's host, else its name.
    static func make(profile: String, settings: ProfileSettings) -> String {
        make(profile: profile, site: settings.siteURL.flatMap(URLParts.host(of:)) ?? settings.siteName)
    }
}
