import ArgumentParser
import CSMAuth

extension CSMAuthCommand {
    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token",
            abstract: "Print a valid access token (or a Basic profile's API token), refreshing it first when needed.")

        @OptionGroup var options: ProfileOptions

        func run() async throws {
            try await CommandRunner.run(verbose: options.verbose) { context in
                try Output.print(try await context.credential(profileFlag: options.profile).token.reveal())
            }
        }
    }

    struct Header: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "header",
            abstract: "Print an Authorization header line: 'Authorization: Bearer …' or 'Authorization: Basic …'.")

        @OptionGroup var options: ProfileOptions

        func run() async throws {
            try await CommandRunner.run(verbose: options.verbose) { context in
                try Output.print("Authorization: " + (try await context.credential(profileFlag: options.profile).authorization.reveal()))
            }
        }
    }
}
