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

    /// Runs the command and exits when the command line is plain; returns otherwise.
    static func run(_ arguments: [String]) async {
        guard let request = parse(arguments) else { return }
        do {
            try await request.command.run(profile: request.profile, verbose: false)
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
        /// option, `.some(nil)` when its value is missing.
        func value(of name: String) -> String?? {
            let argument = arguments[index]
            if argument == name {
                guard index + 1 < arguments.count else { return .some(nil) }
                index += 1
                return arguments[index]
            }
            if argument.hasPrefix(name + "=") { return String(argument.dropFirst(name.count + 1)) }
            return nil
        }

        while index < arguments.count {
            let argument = arguments[index]
            if let given = value(of: "--profile") {
                guard profile == nil, let given, !given.hasPrefix("-") else { return nil }
                profile = given
            } else if command == "env", let given = value(of: "--format") {
                guard format == nil, let given, let parsed = CredentialVariables.Format(rawValue: given) else { return nil }
                format = parsed
            } else if command == nil, argument == "token" || argument == "header" || argument == "env" || argument == "exec" {
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
