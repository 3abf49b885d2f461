import ArgumentParser
import CSMAuth
import Glibc

/// `token`, `header`, `env` and `exec` run before argument-parser, when their command line is
/// plain: argument-parser's reflection sets off protocol lookups in the Swift runtime that cost
/// more than answering from the kernel cache, and every process of a refresh storm would pay
/// them. With a cached token (``ImmediateCredential``) the call costs little more than
/// starting a process.
///
/// Plain means: the command, `--profile NAME` (before or after it), `env --format F`,
/// `exec -- COMMAND…`. Anything else (`--verbose`, `--help`, a repeated or unknown option, a
/// value argument-parser would refuse) goes to argument-parser, which runs the same
/// ``CredentialCommand`` or reports the usage error.
enum HotPath {
    struct Request: Equatable {
        var command: CredentialCommand
        var profile: String?
    }

    /// What ``start(_:)`` found, for ``run()``; set before the concurrency runtime starts.
    nonisolated(unsafe) private static var started: (request: Request, outcome: ImmediateCredential.Outcome)?

    /// For a plain command line: answers from the kernel cache and exits when the answer is
    /// there, or as soon as the process that holds the profile's lock has cached it. Otherwise
    /// it takes the profile's lock (which starts opening the keyring at once) and leaves the
    /// rest to ``run()``, which hands the lock to the library's session. It runs before Swift's
    /// concurrency runtime starts (no threads yet), which keeps a cached call and a storm's
    /// waiters small, and lets `exec` replace a one-thread process.
    static func start(_ arguments: [String]) {
        guard let request = parse(arguments) else { return }
        // Another process is reading the store: wait for its answer here, before anything else starts.
        let outcome: ImmediateCredential.Outcome
        do {
            outcome = try ImmediateCredential.lookUpOrTake(profile: request.profile)
        } catch {
            exit(CommandRunner.report(error, verbose: false))
        }
        if case .ready(let cached) = outcome { exit(request.command.exitCode(answering: cached, verbose: false)) }
        started = (request, outcome)
    }

    /// Runs the command that ``start(_:)`` recognised, and exits; returns when there was none.
    static func run() async {
        guard let (request, outcome) = started else { return }
        do {
            try await request.command.run(profile: request.profile, verbose: false, known: outcome)
            exit(0)
        } catch {
            exit(CommandRunner.report(error, verbose: false))
        }
    }

    /// The request when `arguments` (without the program name) is plain.
    static func parse(_ arguments: [String]) -> Request? {
        var profile: String?
        var format: CredentialVariables.Format?
        var command: String?
        var index = 0

        /// Takes `--name VALUE` or `--name=VALUE` at `index`: nil when the argument is not that
        /// option, `.some(nil)` when its value is missing. argument-parser reads `--name=` as
        /// `--name`, whose value is the next argument: that is left to it, as a missing value.
        func value(of name: String) -> String?? {
            let argument = arguments[index]
            if argument == name {
                guard index + 1 < arguments.count else { return .some(nil) }
                index += 1
                return arguments[index]
            }
            if argument.hasPrefix(name + "=") {
                let given = argument.dropFirst(name.count + 1)
                return given.isEmpty ? .some(nil) : String(given)
            }
            return nil
        }

        while index < arguments.count {
            let argument = arguments[index]
            if let given = value(of: "--profile") {
                guard profile == nil, let given, !given.hasPrefix("-") else { return nil }
                profile = given
            } else if command == "env", let given = value(of: "--format") {
                guard format == nil, let given, let parsed = CredentialVariables.Format(rawValue: given) else {
                    return nil
                }
                format = parsed
            } else if command == nil,
                argument == "token" || argument == "header" || argument == "env" || argument == "exec"
            {
                command = argument
            } else if command == "exec", argument == "--" {
                let rest = Array(arguments[(index + 1)...])
                return rest.isEmpty ? nil : Request(command: .exec(rest), profile: profile)
            } else {
                return nil
            }
            index += 1
        }
        switch command {
        case "token": return Request(command: .token, profile: profile)
        case "header": return Request(command: .header, profile: profile)
        case "env": return Request(command: .env(format ?? .sh), profile: profile)
        default: return nil
        }
    }
}
