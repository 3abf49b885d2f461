import ArgumentParser
import CSMAuth
import Foundation

extension CSMAuthCommand {
    struct Sites: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sites",
            abstract: "List the sites a profile can use, or choose one with --select.")

        @OptionGroup var options: ProfileOptions

        @Flag(name: .long, help: "Print a JSON array of {cloudId, name, url, scopes, selected}.")
        var json = false

        @Option(name: .long, help: "Make this site the profile's: cloudId, URL, host or name.")
        var select: String?

        func run() async throws {
            try await CommandRunner.run(verbose: options.verbose) { context in
                let environment = context.environment
                let profile = try environment.profileName(options.profile)
                let profiles = Profiles(environment: environment)
                guard var settings = try profiles.settings(profile) else {
                    throw CSMAuthError(.loginRequired, "profile '\(profile)' is not logged in: run `csm-auth login`")
                }
                let sites: [AccessibleResource]
                if settings.auth != .oauth {
                    // An API token or a service account is bound to the one site given at login.
                    sites = [AccessibleResource(id: settings.cloudID ?? "", name: settings.siteName ?? "", url: settings.siteURL ?? "")]
                } else {
                    let credential = try await context.session(profileFlag: profile).credential()
                    sites = try await SitesClient(transport: context.transport)
                        .accessibleResources(apiURL: try environment.apiURL(settings), accessToken: credential.token)
                }
                if let select {
                    let site = try SiteDirectory.match(select, in: sites)
                    settings.cloudID = site.id
                    settings.siteURL = site.url
                    settings.siteName = site.name
                    try await profiles.save(settings, as: profile)
                    Output.info("Profile '\(profile)' now uses \(site.name) (\(site.url)), cloudId \(site.id).")
                    return
                }
                if json {
                    let rows: [[String: Any]] = sites.map {
                        ["cloudId": $0.id, "name": $0.name, "url": $0.url, "scopes": $0.scopes, "selected": $0.id == settings.cloudID]
                    }
                    let data = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                    try Output.print(String(decoding: data, as: UTF8.self))
                } else {
                    for site in sites {
                        try Output.print(Output.oneLine("\(site.id == settings.cloudID ? "*" : " ") \(site.name)\t\(site.url)\t\(site.id)").replacingOccurrences(of: "\\t", with: "\t"))
                    }
                }
            }
        }
    }
}
