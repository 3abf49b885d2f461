import ArgumentParser
import CSMAuth
import Testing

@testable import csm_auth

/// `token`, `header`, `env` and `exec` are read by ``HotPath`` before argument-parser runs. Every
/// line below goes through both: ``HotPath/parse(_:)``, and ``CSMAuthCommand/read(_:)``, which
/// `CSMAuthCommand.main()` runs when the fast path leaves a line alone (``CommandLineArguments``
/// moves leading global options, refuses a mistyped command, then `parseAsRoot`). The rule,
/// checked on every row:
///
/// - a line the fast path claims is one argument-parser parses into the same command, with the
///   same profile and without `--verbose` (the fast path never runs verbose);
/// - a line argument-parser refuses is never claimed.
///
/// The fast path may decline a line that argument-parser accepts; `main` then runs it through
/// argument-parser. Each table says which of the three a line is, so that a row cannot quietly
/// stop testing what it was written for.
struct HotPathGrammarTests {
    /// A command line without the program name, and why it is in its table.
    struct Line: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let why: String

        init(_ arguments: [String], _ why: String) {
            self.arguments = arguments
            self.why = why
        }

        var testDescription: String {
            let shown = arguments.map { $0.isEmpty || $0.contains(" ") ? "'\($0)'" : $0 }
            return (["csm-auth"] + shown).joined(separator: " ") + " (\(why))"
        }
    }

    /// What argument-parser makes of a command line that the fast path left to it.
    enum Reading: Equatable, CustomStringConvertible {
        /// `token`, `header`, `env` or `exec` as the fast path would run it, and whether `--verbose` was given.
        case credential(HotPath.Request, verbose: Bool)
        /// Another command (`status`, `help`, the root command's help…), which argument-parser runs.
        case otherCommand(String)
        /// Help, version or a completion script, printed by argument-parser with exit 0.
        case cleanExit
        /// A usage error: one line on stderr and this exit code.
        case refused(Int32)

        /// Reads `arguments` as `CSMAuthCommand.main()` does, through the same function.
        init(_ arguments: [String]) {
            let command: any ParsableCommand
            do {
                command = try CSMAuthCommand.read(arguments).command
            } catch is CSMAuthCommand.UnknownCommand {
                self = .refused(64)
                return
            } catch let failure as CSMAuthCommand.ParseFailure {
                let code = CSMAuthCommand.exitCode(for: failure.error)
                self = code == .success ? .cleanExit : .refused(code.rawValue)
                return
            } catch {
                self = .refused(-1)
                return
            }
            switch command {
            case let token as CSMAuthCommand.Token:
                self = .credential(
                    .init(command: .token, profile: token.options.profile), verbose: token.options.verbose)
            case let header as CSMAuthCommand.Header:
                self = .credential(
                    .init(command: .header, profile: header.options.profile), verbose: header.options.verbose)
            case let env as CSMAuthCommand.Env:
                self = .credential(
                    .init(command: .env(env.format), profile: env.options.profile), verbose: env.options.verbose)
            case let exec as CSMAuthCommand.Exec:
                self = .credential(
                    .init(command: .exec(exec.command), profile: exec.options.profile), verbose: exec.options.verbose)
            default:
                self = .otherCommand(String(describing: type(of: command)))
            }
        }

        var isRefused: Bool {
            if case .refused = self { return true }
            return false
        }

        var description: String {
            switch self {
            case .credential(let request, let verbose):
                "\(request.command) profile \(request.profile.map { "'\($0)'" } ?? "nil")\(verbose ? " verbose" : "")"
            case .otherCommand(let name): "another command (\(name))"
            case .cleanExit: "help or version"
            case .refused(let code): "refused (exit \(code))"
            }
        }
    }

    /// Both readings of `line`, after checking the rule on them.
    static func bothReadings(_ line: Line) -> (fastPath: HotPath.Request?, argumentParser: Reading) {
        let fastPath = HotPath.parse(line.arguments)
        let argumentParser = Reading(line.arguments)
        if let fastPath {
            #expect(
                argumentParser == .credential(fastPath, verbose: false),
                "the fast path runs \(fastPath.command) with profile \(fastPath.profile ?? "nil"); argument-parser: \(argumentParser)"
            )
        }
        if argumentParser.isRefused {
            #expect(fastPath == nil, "argument-parser refuses this line, but the fast path claims it")
        }
        return (fastPath, argumentParser)
    }

    // MARK: Claimed by the fast path

    static let claimed: [Line] = [
        Line(["token"], "the token command"),
        Line(["header"], "the header command"),
        Line(["env"], "env without a format is sh"),
        Line(["exec", "--", "curl", "-sS", "https://example.com"], "exec with a command after --"),
        Line(["token", "--profile", "work"], "a profile as a separate argument"),
        Line(["token", "--profile=work"], "a profile after ="),
        Line(["--profile", "work", "token"], "the global option before the command"),
        Line(["--profile=work", "header"], "the global option after = before the command"),
        Line(["header", "--profile", "work"], "header with a profile"),
        Line(["env", "--format", "json"], "env with a format"),
        Line(["env", "--format=fish"], "env with a format after ="),
        Line(["env", "--format", "dotenv", "--profile", "work"], "format before profile"),
        Line(["env", "--profile", "work", "--format", "sh"], "profile before format"),
        Line(["--profile", "work", "env", "--format", "json"], "profile before env, format after it"),
        Line(["exec", "--profile", "work", "--", "./sync.py"], "exec with a profile before --"),
        Line(["--profile", "work", "exec", "--", "./sync.py", "a b"], "exec with the profile before the command"),
        Line(["exec", "--profile=work", "--", "env"], "exec with a profile after ="),
        Line(
            ["exec", "--", "tool", "--profile", "other", "--help", "-h", "--version", "--verbose"],
            "options after -- belong to the command run, help and version included"),
        Line(["exec", "--", "tool", "--", "x"], "a second -- belongs to the command run"),
        Line(["exec", "--", "help"], "a command named help"),
        Line(["exec", "--", ""], "an empty command word is the command's to refuse (exit 127)"),
        Line(["exec", "--", "---", "--generate-completion-script"], "argument-parser reads nothing after --"),
        Line(["--profile", "token", "token"], "a profile named like a command, before it"),
        Line(["token", "--profile", "exec"], "a profile named like a command, after it"),
        Line(["token", "--profile", "help"], "a profile named help"),
        Line(["token", "--profile=a=b"], "a value after = keeps its own ="),
        Line(["token", "--profile==work"], "a value after = that starts with ="),
        Line(["token", "--profile", "bad name"], "an invalid profile name: both leave it to the resolver (exit 64)"),
        Line(["token", "--profile", "../etc"], "a profile name that climbs folders: the resolver refuses it"),
        Line(["header", "--profile", ".hidden"], "a profile name starting with a dot: the resolver refuses it"),
        Line(["token", "--profile", ""], "an empty profile name: the resolver refuses it"),
        Line(["--profile", "", "token"], "an empty profile name before the command"),
    ]

    @Test(arguments: claimed)
    func plainLinesTakeTheFastPathWithWhatArgumentParserWouldRun(_ line: Line) {
        let (fastPath, _) = Self.bothReadings(line)
        #expect(fastPath != nil, "the table says the fast path claims this line")
    }

    // MARK: Declined by the fast path, run by argument-parser

    static let fallingBack: [Line] = [
        Line(["token", "--verbose"], "--verbose is argument-parser's"),
        Line(["--verbose", "token"], "--verbose before the command"),
        Line(["--verbose", "--profile", "work", "exec", "--", "env"], "--verbose with exec"),
        Line(["exec", "--verbose", "--", "env"], "--verbose between exec and --"),
        Line(["token", "--profile", "a", "--profile", "b"], "a repeated profile: argument-parser keeps the last"),
        Line(["--profile", "a", "token", "--profile", "b"], "a profile before and after the command"),
        Line(["--profile=a", "--profile", "b", "token"], "two profiles before the command"),
        Line(["env", "--format", "json", "--format", "sh"], "a repeated format"),
        Line(["token", "--profile=-work"], "a profile starting with a dash, after ="),
        Line(["token", "--profile", "-"], "a profile that is a lone dash"),
        Line(["token", "--profile=", "work"], "argument-parser reads --profile= as --profile: its value comes next"),
        Line(["env", "--format=", "json"], "argument-parser reads --format= as --format: its value comes next"),
        Line(["token", "--"], "a bare -- after a command that takes no arguments"),
        Line(["token", "--profile", "work", "--"], "a bare -- after the profile"),
        Line(["token", "--help"], "help for a command"),
        Line(["token", "-h"], "short help for a command"),
        Line(["env", "--format", "json", "--help"], "help after valid options"),
        Line(["--help"], "help"),
        Line(["-h", "token"], "short help before the command"),
        Line(["help", "token"], "the help command"),
        Line(["--version"], "the version"),
        Line(["token", "--version"], "the version asked after a command"),
        Line([], "no arguments: the root command's help"),
        Line(["status"], "a command the fast path does not handle"),
        Line(["status", "--profile", "work"], "another command with a profile"),
        Line(["--profile", "work", "refresh"], "another command with the profile before it"),
        Line(["logout", "--all"], "another command's own option"),
    ]

    @Test(arguments: fallingBack)
    func linesTheFastPathDeclinesAreLeftToArgumentParser(_ line: Line) {
        let (fastPath, argumentParser) = Self.bothReadings(line)
        #expect(fastPath == nil, "the table says the fast path declines this line")
        #expect(!argumentParser.isRefused, "the table says argument-parser accepts this line: \(argumentParser)")
    }

    // MARK: Refused by argument-parser, so never claimed

    static let refused: [Line] = [
        Line(["token", "extra"], "an extra positional argument"),
        Line(["token", "header"], "two commands"),
        Line(["token", "--profile"], "a missing profile value at the end"),
        Line(["token", "--profile", "--verbose"], "a missing profile value before an option"),
        Line(["token", "--profile", "-work"], "a profile value that looks like an option"),
        Line(["exec", "--profile", "--", "env"], "a missing profile value before --"),
        Line(["token", "--profile="], "nothing after --profile= is a missing value, not an empty profile name"),
        Line(["--profile=", "token"], "nothing after --profile= before the command is a missing value too"),
        Line(["exec", "--profile=", "--", "env"], "nothing after --profile= before -- is a missing value"),
        Line(["--profile"], "a missing profile value and no command"),
        Line(["--profile", "work"], "a profile and no command"),
        Line(["--profile", "work", "--", "token"], "-- between the global option and the command"),
        Line(["env", "--format"], "a missing format value"),
        Line(["env", "--format", "xml"], "an unknown format"),
        Line(["env", "--format", "JSON"], "formats are lower case"),
        Line(["env", "--format="], "an empty format after ="),
        Line(["env", "--format", ""], "an empty format"),
        Line(["--format", "json", "env"], "env's option before the command"),
        Line(["header", "--format", "json"], "env's option on header"),
        Line(["token", "--format=json"], "env's option on token"),
        Line(["exec", "--format", "json", "--", "env"], "env's option on exec"),
        Line(["exec"], "exec without a command"),
        Line(["exec", "--"], "exec with nothing after --"),
        Line(["exec", "--profile", "work"], "exec with a profile and no command"),
        Line(["exec", "curl"], "exec with a command but no --"),
        Line(["token", "--", "extra"], "a positional argument after --"),
        Line(["token", "--all"], "status's and logout's option on token"),
        Line(["header", "--json"], "status's option on header"),
        Line(["token", "--unknown"], "an unknown option"),
        Line(["token", "--verbose=yes"], "a value for the --verbose flag"),
        Line(["token", "-"], "a lone dash is a positional argument"),
        Line(["token", "-p", "work"], "there is no short profile option"),
        Line(["-p", "work", "token"], "no short profile option before the command either"),
        Line(["token", "-profile", "work"], "a long option with one dash"),
        Line(["token", "---profile", "work"], "a long option with three dashes"),
        Line(["token", "--Profile", "work"], "option names are case sensitive"),
        Line(["TOKEN"], "command names are case sensitive"),
        Line(["tokn"], "a mistyped command gets a suggestion"),
        Line(["help", "nope"], "help for a command that does not exist is a usage error"),
        Line(["--profile", "work", "tokn"], "a mistyped command after the global option"),
        Line([""], "an empty command"),
        Line(["--", "token"], "-- before the command"),
    ]

    @Test(arguments: refused)
    func linesArgumentParserRefusesNeverTakeTheFastPath(_ line: Line) {
        let (fastPath, argumentParser) = Self.bothReadings(line)
        #expect(fastPath == nil)
        #expect(argumentParser == .refused(64), "the table says argument-parser refuses this line")
    }
}
