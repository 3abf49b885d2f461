import ArgumentParser
import CSMAuth

extension CSMAuthCommand {
    struct Logout: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "logout",
            abstract: "Forget a profile's secrets and settings.",
            discussion:
                "Secrets are deleted first; the settings go only once that worked, so nothing is left half-removed."
        )

        @OptionGroup var selection: ProfileSelection

        func run() async throws {
            try await CommandRunner.run(verbose: selection.options.verbose) { context in
                let environment = context.environment
                let profiles = Profiles(environment: environment)
                let names = try await profiles.names(selectedBy: selection.options.profile, all: selection.all)
                for name in names {
                    let had = try await profiles.logout(name)
                    Output.info(had ? "Logged out of profile '\(name)'." : "Profile '\(name)' was not logged in.")
                }
                if names.isEmpty { Output.info("No profiles to log out of.") }
            }
        }
    }
}
