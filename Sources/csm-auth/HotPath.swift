import CSMAuth
import Glibc

/// `token`, `header`, `env` and `exec` answered before argument-parser runs, when the answer is
/// in the kernel cache (``ImmediateCredential``): the call then costs little more than starting a
/// process. argument-parser's reflection, Foundation and the protocol lookups they set off in the
/// Swift runtime would cost more than everything else together.
///
/// Only the plainest command lines are taken: the command, `--profile NAME` (before or after
/// it), `env --format sh|fish|dotenv`, `exec -- COMMAND…`. Anything else (`--verbose`, `--help`,
/// `--format json`, a repeated or unknown option, a bad value) and every cache miss go the normal
/// way, which gives the same answer, or the error.
enum HotPath {
    enum Command: Equatable {
        case token, header
        case env(CredentialVariables.Format)
        case exec([String])
    }

    struct Request: Equatable {
        var command: Command
        var profile: String?
    }

    /// Answers and exits when it can; returns when the normal path must run.
    static func run(_ arguments: [String]) {
        guard let request = parse(arguments), let credential = ImmediateCredential.cached(profile: request.profile) else { return }
        exit(answer(request.command, with: credential))
    }

    /// The exit code after printing (or exec'ing) what the command prints for `credential`.
    private static func answer(_ command: Command, with credential: ImmediateCredential) -> Int32 {
        do {
            switch command {
            case .token:
                try Output.print(credential.token.reveal())
            case .header:
                try Output.print("Authorization: " + credential.authorization.reveal())
            case .env(let format):
                warnIfNoSite(cloudID: credential.cloudID)
                try Output.print(credential.variables.rendered(format))
            case .exec(let command):
                warnIfNoSite(cloudID: credential.cloudID)
                return CommandReplacement.exec(command, with: credential.variables)
            }
            return 0
        } catch let failure as Output.StandardOutputFailed {
            if failure.isBrokenPipe { return 141 }
            Output.error(failure.description)
            return 1
        } catch {
            return 1
        }
    }

    /// The request when `arguments` (without the program name) is one the hot path takes.
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
                guard format == nil, let given, let parsed = CredentialVariables.Format(rawValue: given), parsed != .json else { return nil }
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
