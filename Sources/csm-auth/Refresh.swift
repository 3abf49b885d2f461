import ArgumentParser
import CSMAuth
import FoundationEssentials
import Glibc

extension CSMAuthCommand {
    struct Refresh: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "refresh",
            abstract: "Refresh the access token now, even when it is still valid; prints the new expiry on stderr.")

        @OptionGroup var options: ProfileOptions

        func run() async throws {
            try await CommandRunner.run(verbose: options.verbose) { context in
                let credential = try await context.session(profileFlag: options.profile).refresh()
                Output.info(
                    "Refreshed; the access token expires at \(credential.expiresAt?.formatted(.iso8601) ?? "an unknown time")."
                )
            }
        }
    }
}
