import ArgumentParser
import CSMAuth

extension CSMAuthCommand {
    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token",
            abstract: "Print a valid access token (or a Basic profile's API token), refreshing it first when needed.")

        @OptionGroup var options: ProfileOptions

        func run() async throws {
            try await CredentialCommand.token.run(profile: options.profile, verbose: options.verbose)
        }
    }

    struct Header: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "header",
            abstract: "Print an Authorization header line: 'Authorization: Bearer …' or 'Authorization: Basic …'.")

        @OptionGroup var options: ProfileOptions

        func run() async throws {
            try await CredentialCommand.header.run(profile: options.profile, verbose: options.verbose)
        }
    }
}
