import ArgumentParser
import CSMAuth
import FoundationEssentials
import Glibc

extension CredentialVariables.Format: ExpressibleByArgument {}

extension CSMAuthCommand {
    struct Env: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "env",
            abstract:
                "Print CSM_ACCESS_TOKEN, CSM_CLOUD_ID, CSM_API_BASE_URL and CSM_AUTHORIZATION for a shell or a program.",
            discussion:
                "Use it as: eval \"$(csm-auth env)\". Prefer `csm-auth exec` where you can: it keeps the token out of your shell."
        )

        @OptionGroup var options: ProfileOptions

        @Option(name: .long, help: "sh (default), fish, json or dotenv.")
        var format: CredentialVariables.Format = .sh

        func run() async throws {
            try await CredentialCommand.env(format).run(profile: options.profile, verbose: options.verbose)
        }
    }

    struct Exec: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "exec",
            abstract:
                "Run a command with CSM_ACCESS_TOKEN, CSM_CLOUD_ID, CSM_API_BASE_URL and CSM_AUTHORIZATION in its environment.",
            discussion: """
                csm-auth replaces itself with the command (exec), so the command's exit status and signals are its own. \
                A command that cannot be started exits 127.
                """)

        @OptionGroup var options: ProfileOptions

        @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.")
        var command: [String] = []

        func validate() throws {
            if command.isEmpty { throw ValidationError("give the command after --, e.g. csm-auth exec -- curl …") }
        }

        func run() async throws {
            try await CredentialCommand.exec(command).run(profile: options.profile, verbose: options.verbose)
        }
    }
}
