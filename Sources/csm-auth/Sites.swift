import ArgumentParser
import CSMAuth
import FoundationEssentials
import Glibc

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
                let session = try context.session(profileFlag: options.profile)
                if let select {
                    let site = try await session.selectSite(select)
                    Output.info(
                        "Profile '\(try context.environment.profileName(options.profile))' now uses \(site.name) (\(site.url)), cloudId \(site.id)."
                    )
                    return
                }
                let choices = try await session.siteChoices()
                if json {
                    let rows = choices.map {
                        SiteRow(
                            cloudId: $0.site.id, name: $0.site.name, url: $0.site.url, scopes: $0.site.scopes,
                            selected: $0.isSelected)
                    }
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    let data = try encoder.encode(rows)
                    try Output.print(String(decoding: data, as: UTF8.self))
                } else {
                    for choice in choices {
                        let site = choice.site
                        try Output.print(
                            Output.oneLine("\(choice.isSelected ? "*" : " ") \(site.name)\t\(site.url)\t\(site.id)")
                                .replacing("\\t", with: "\t"))
                    }
                }
            }
        }
    }
}

/// One site as `sites --json` prints it.
private struct SiteRow: Encodable {
    var cloudId: String
    var name: String
    var url: String
    var scopes: [String]
    var selected: Bool
}
