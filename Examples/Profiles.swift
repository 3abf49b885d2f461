import CSMAuth
import Foundation

// MARK: Profiles: status, sites, logout

/// What `csm-auth status --all` reports, one line per profile.
func printStatus() async throws {
    let profiles = Profiles(environment: CSMAuthEnvironment())
    for status in try await profiles.statuses(selectedBy: nil, all: true) {
        print(status.profile, status.loggedIn ? "logged in to \(status.siteURL ?? "no site")" : status.problem ?? "")
    }
}

/// Chooses the profile's site, then logs it out.
func sitesAndLogout() async throws {
    let environment = CSMAuthEnvironment()
    let session = AuthSession(profile: "work", environment: environment)
    for choice in try await session.siteChoices() {
        print(choice.isSelected ? "*" : " ", choice.site.name, choice.site.url)
    }
    try await session.selectSite("acme.atlassian.net")
    _ = try await Profiles(environment: environment).logout("work")
}
