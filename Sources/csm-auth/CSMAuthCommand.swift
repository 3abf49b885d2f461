import ArgumentParser
import CSMAuth
import FoundationEssentials
import Glibc

struct CSMAuthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csm-auth",
        abstract: "Log in to Atlassian Cloud (Jira Customer Service Management) and hand out fresh tokens.",
        discussion: """
            Run `csm-auth login` once; then scripts call `csm-auth token`, `header`, `env`, `exec` or `api`. \
            --profile and --verbose may also come before the command.

            EXAMPLES:
              csm-auth login --client-id ID          # log in in the browser
              csm-auth token                         # the access token, refreshed if due
              csm-auth header | curl -sS -H @- URL   # the header, out of curl's arguments
              csm-auth exec -- ./sync.py             # run with CSM_ACCESS_TOKEN etc. set
              csm-auth api organization --paginate   # call the CSM API, every page
              csm-auth --profile work status --json  # one profile's login, as JSON
              csm-auth status --check                # ask Atlassian if the login works
              csm-auth doctor                        # check store, login, clock, APIs

            ENVIRONMENT:
              CSM_AUTH_PROFILE          profile used without --profile (default: default)
              CSM_AUTH_CLIENT_ID        OAuth client id for login
              CSM_AUTH_CLIENT_SECRET    OAuth client secret for login (never an argument)
              CSM_AUTH_TOKEN            a ready access token: token, header, env, exec
                                        and api use it and touch no store
              CSM_AUTH_CLOUD_ID         the cloudId that goes with CSM_AUTH_TOKEN
              CSM_AUTH_AUTH_URL         OAuth server (default: https://auth.atlassian.com)
              CSM_AUTH_API_URL          API gateway (default: https://api.atlassian.com)
              CSM_AUTH_CONFIG_DIR       settings folder
                                        (default: $XDG_CONFIG_HOME/csm-auth)
              CSM_AUTH_STORAGE          keyring, file or etcd, for login (default: keyring)
              CSM_AUTH_KEYRING_TIMEOUT  seconds a keyring operation may take (default: 10)
              CSM_AUTH_KERNEL_CACHE     0 turns off the kernel-keyring token cache
              CSM_AUTH_MAX_RETRY_WAIT   longest wait api accepts from a 429 or 503;
                                        a longer one fails at once (default: 60)
              CSM_AUTH_ETCD_ENDPOINTS   a fleet's etcd client URLs, comma-separated
                                        (with CSM_AUTH_STORAGE=etcd; see docs/fleet.md)
              CSM_AUTH_FLEET_KEY_FILE   the fleet key that seals every value in etcd
              CSM_AUTH_ETCD_PREFIX      key prefix in etcd (default: /csm-auth/)
              CSM_AUTH_ETCD_CACERT, CSM_AUTH_ETCD_CERT, CSM_AUTH_ETCD_KEY
                                        TLS to etcd: CA bundle, client certificate, key
              CSM_AUTH_ETCD_USER, CSM_AUTH_ETCD_PASSWORD_FILE
                                        etcd user, and the file holding its password
              BROWSER                   opens the login URL (default: xdg-open)
              NO_COLOR                  honoured: csm-auth prints no colour in any case

            EXIT CODES:
              0   success
              1   failure: network, server, an HTTP error from api, a bad answer
              4   login required (the message says which login to run)
              5   credential store unavailable or locked
              64  usage error
            """,
        version: CSMAuthRelease.version,
        subcommands: [
            Login.self, Logout.self, Status.self, Token.self, Header.self, Env.self, Exec.self, Sites.self,
            Refresh.self, API.self, Doctor.self, FleetKeyCommand.self,
        ]
    )

    /// A command line refused before argument-parser sees it: a mistyped command, or `help` with
    /// one, as one line for stderr (exit 64).
    struct UnknownCommand: Error {
        /// The line to print after `csm-auth: `.
        let message: String
    }

    /// Reads a command line the way ``main()`` runs it: global options moved after the command,
    /// a mistyped command (or `help` with one) refused with a suggestion, then argument-parser.
    /// The grammar tests read lines through it, so they test what runs.
    /// - Parameter raw: the arguments after the program's name.
    /// - Returns: the arguments as argument-parser read them, and the command it made of them.
    /// - Throws: ``UnknownCommand``, or the argument-parser error (help and version included).
    static func read(_ raw: [String]) throws -> (arguments: [String], command: any ParsableCommand) {
        let line = CommandLineArguments(
            subcommands: configuration.subcommands.compactMap { $0.configuration.commandName })
        let arguments = line.reordered(raw)
        if let first = arguments.first, let suggestion = line.suggestion(for: first) {
            throw UnknownCommand(
                message: "unknown command '\(first)'; did you mean '\(suggestion)'? (see `csm-auth --help`)")
        }
        if let topic = line.unknownHelpTopic(arguments) {
            // Like any argument argument-parser refuses, a long one is not repeated: it may be a
            // secret pasted into the wrong place.
            guard topic.count <= 20 else {
                throw UnknownCommand(
                    message:
                        "unknown command (a long argument, not repeated: it may be a secret) (see `csm-auth --help`)")
            }
            let hint = line.suggestion(for: topic).map { "; did you mean '\($0)'?" } ?? ""
            throw UnknownCommand(message: "unknown command '\(topic)'\(hint) (see `csm-auth --help`)")
        }
        do {
            return (arguments, try parseAsRoot(arguments))
        } catch {
            throw ParseFailure(arguments: arguments, error: error)
        }
    }

    /// An argument-parser error, with the arguments it read (for the help command it names).
    struct ParseFailure: Error {
        /// The reordered arguments.
        let arguments: [String]
        /// What argument-parser threw.
        let error: any Error
    }

    /// Parses and runs like argument-parser's own `main`, but reports a usage error in one line
    /// (the contract: one clear line, exit 64) and never traps when the output cannot be written.
    static func main() async {
        await HotPath.run()
        let arguments: [String]
        var command: any ParsableCommand
        do {
            (arguments, command) = try read(Array(CommandLine.arguments.dropFirst()))
        } catch let unknown as UnknownCommand {
            Output.error(unknown.message)
            Glibc.exit(64)
        } catch let failure as ParseFailure {
            terminate(reporting: failure.error, arguments: failure.arguments)
        } catch {
            terminate(reporting: error, arguments: [])
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            terminate(reporting: error, arguments: arguments)
        }
        Glibc.exit(0)
    }

    private static func terminate(reporting error: any Error, arguments: [String]) -> Never {
        if let code = error as? ExitCode { Glibc.exit(code.rawValue) }
        let code = exitCode(for: error)
        if code == .success {
            // --help, --version: the text goes to stdout, which may still fail.
            do {
                try Output.print(fullMessage(for: error))
            } catch let failure as Output.StandardOutputFailed {
                if !failure.isBrokenPipe { Output.error(failure.description) }
                Glibc.exit(failure.isBrokenPipe ? 141 : 1)
            } catch {
                Glibc.exit(1)
            }
            Glibc.exit(0)
        }
        let message = redactingLongArguments(
            message(for: error).split(whereSeparator: \.isNewline).joined(separator: "; "))
        Output.error("\(message) (see `\(helpCommand(arguments))`)")
        Glibc.exit(code.rawValue)
    }

    /// argument-parser quotes an unexpected argument; a long one is more likely a pasted token
    /// than a typo (`login --basic … TOKEN`), so it is not repeated on the terminal or in a log.
    private static func redactingLongArguments(_ message: String) -> String {
        guard message.hasPrefix("Unexpected argument"), let open = message.firstIndex(of: "'"),
            let close = message[message.index(after: open)...].firstIndex(of: "'"),
            message.distance(from: open, to: close) > 21
        else { return message }
        var redacted = message
        redacted.replaceSubrange(open...close, with: "(a long argument, not repeated: it may be a secret)")
        return redacted
    }

    /// `csm-auth SUBCOMMAND --help` for the subcommand named in `arguments`, else `csm-auth --help`.
    private static func helpCommand(_ arguments: [String]) -> String {
        let names = Set(configuration.subcommands.compactMap { $0.configuration.commandName })
        if let subcommand = arguments.first(where: names.contains) { return "csm-auth \(subcommand) --help" }
        return "csm-auth --help"
    }
}
