import ArgumentParser
import CSMAuth
import Foundation

@main
struct CSMAuthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csm-auth",
        abstract: "Log in to Atlassian Cloud (Jira Customer Service Management) and hand out fresh tokens.",
        discussion: """
            Run `csm-auth login` once; then scripts call `csm-auth token`, `header`, `env`, `exec` or `api`.
            Exit codes: 0 success, 1 failure, 4 login required, 5 credential store unavailable, 64 usage error.
            """,
        version: CSMAuthVersion.current,
        subcommands: [Login.self, Logout.self, Status.self, Token.self, Header.self, Env.self, Exec.self, Sites.self, Refresh.self, API.self]
    )

    /// Parses and runs like argument-parser's own `main`, but reports a usage error in one line
    /// (the contract: one clear line, exit 64) and never traps when the output cannot be written.
    static func main() async {
        Output.guardStandardDescriptors()
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            terminate(reporting: error, arguments: arguments)
        }
        Foundation.exit(0)
    }

    private static func terminate(reporting error: any Error, arguments: [String]) -> Never {
        if let code = error as? ExitCode { Foundation.exit(code.rawValue) }
        let code = exitCode(for: error)
        if code == .success {
            // --help, --version: the text goes to stdout, which may still fail.
            do {
                try Output.print(fullMessage(for: error))
            } catch let failure as Output.StandardOutputFailed {
                if !failure.isBrokenPipe { Output.error(failure.description) }
                Foundation.exit(failure.isBrokenPipe ? 141 : 1)
            } catch {
                Foundation.exit(1)
            }
            Foundation.exit(0)
        }
        let message = message(for: error).split(whereSeparator: \.isNewline).joined(separator: "; ")
        Output.error("\(message) (see `\(helpCommand(arguments))`)")
        Foundation.exit(code.rawValue)
    }

    /// `csm-auth SUBCOMMAND --help` for the subcommand named in `arguments`, else `csm-auth --help`.
    private static func helpCommand(_ arguments: [String]) -> String {
        let names = Set(configuration.subcommands.compactMap { $0.configuration.commandName })
        if let subcommand = arguments.first(where: names.contains) { return "csm-auth \(subcommand) --help" }
        return "csm-auth --help"
    }
}
