import Foundation
import TestSupport
import Testing

/// The first hour with the command: help for a command that does not exist, `--help` in a pipe,
/// `--profile <TAB>`, and man pages that `man --warnings` has nothing to say about.
@Suite(.blocking) struct CLIHelpTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
    }

    @Test func helpForAnUnknownCommandIsAUsageError() throws {
        let nope = try cli.run(["help", "nope"])
        #expect(nope.status == 64)
        #expect(nope.stdout.isEmpty)
        #expect(nope.stderr == "csm-auth: unknown command 'nope' (see `csm-auth --help`)\n")
        let typo = try cli.run(["help", "tokne"])
        #expect(typo.status == 64)
        #expect(typo.stderr == "csm-auth: unknown command 'tokne'; did you mean 'token'? (see `csm-auth --help`)\n")
        #expect(try cli.run(["help", "token", "nope"]).status == 64)
    }

    @Test func helpForALongUnknownWordDoesNotRepeatIt() throws {
        let secret = "eyJhbGciOiJIUzI1NiJ9.secretsecretsecretsecret"
        for arguments in [["help", secret], ["help", "token", secret]] {
            let result = try cli.run(arguments)
            #expect(result.status == 64)
            #expect(!result.stderr.contains("secretsecret"))
            #expect(
                result.stderr
                    == "csm-auth: unknown command (a long argument, not repeated: it may be a secret) (see `csm-auth --help`)\n"
            )
        }
    }

    @Test func helpForAKnownCommandStillPrintsItsHelp() throws {
        let token = try cli.run(["help", "token"])
        #expect(token.status == 0)
        #expect(token.stdout.contains("USAGE: csm-auth token"))
        let all = try cli.run(["help"])
        #expect(all.status == 0)
        #expect(all.stdout.contains("SUBCOMMANDS:"))
    }

    @Test func pipedHelpKeepsEveryExampleAndVariableOnItsOwnLine() throws {
        // Not a terminal and no COLUMNS: argument-parser wraps at 80 columns.
        let help = try cli.run(["--help"], environment: ["COLUMNS": nil])
        #expect(help.status == 0)
        let lines = help.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        func block(_ title: String) -> [Substring] {
            Array(lines.drop { $0 != title }.dropFirst().prefix { !$0.isEmpty })
        }
        let examples = block("EXAMPLES:")
        #expect(examples.count == 8)
        for line in examples {
            #expect(line.hasPrefix("  csm-auth ") && line.contains("  # "), "wrapped: \(line)")
        }
        // A continuation is indented under the text, never a piece of a line at the margin.
        for line in block("ENVIRONMENT:") {
            #expect(
                line.hasPrefix("  CSM_AUTH_") || line.hasPrefix("  BROWSER") || line.hasPrefix("  NO_COLOR")
                    || line.hasPrefix(String(repeating: " ", count: 28)), "wrapped: \(line)")
        }
        #expect(block("EXIT CODES:").map { $0.split(separator: " ").first } == ["0", "1", "4", "5", "64"])
    }

    /// Writes a settings file naming `profiles`, as `login` would leave it (no secret in it).
    func saveProfiles(_ profiles: [String]) throws {
        let config = cli.folder.path + "/config"
        try FileManager.default.createDirectory(
            atPath: config, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let text = profiles.map { "[\($0)]\nauth = basic\nemail = \($0)@example.com\n" }.joined(separator: "\n")
        try #require(
            FileManager.default.createFile(
                atPath: config + "/config", contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]))
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func profileCompletionListsTheSavedProfiles(shell: String) throws {
        try saveProfiles(["work", "default", "ci-bot"])
        // The names as the shell's script reads them: zsh's drops the last line, a placeholder.
        func offered(_ output: String) -> [Substring] {
            let lines = output.split(separator: "\n")
            return shell == "zsh" ? Array(lines.dropLast()) : lines
        }
        // What each shell's script runs for `csm-auth status --profile <TAB>`.
        let all = try cli.run(
            ["---completion", "status", "--", "--profile", "3", "0", "csm-auth", "status", "--profile", ""],
            environment: ["SAP_SHELL": shell])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(offered(all.stdout) == ["ci-bot", "default", "work"])
        #expect(all.stderr.isEmpty)
        let prefixed = try cli.run(
            ["---completion", "token", "--", "--profile", "3", "1", "csm-auth", "token", "--profile", "w"],
            environment: ["SAP_SHELL": shell])
        #expect(offered(prefixed.stdout) == ["work"])
    }

    @Test func profileCompletionWithoutSettingsOffersNothing() throws {
        let none = try cli.run(
            ["---completion", "status", "--", "--profile", "3", "0", "csm-auth", "status", "--profile", ""])
        #expect(none.status == 0)
        #expect(none.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        #expect(none.stderr.isEmpty)
    }

    @Test func bashCompletesTheProfileNamesWithTheCommittedScript() throws {
        try saveProfiles(["work", "default", "ci-bot"])
        let script = """
            source "$1"
            complete_line() {
                COMPREPLY=()
                COMP_LINE="$2 $3"
                COMP_POINT=${#COMP_LINE}
                read -r -a COMP_WORDS <<< "$COMP_LINE"
                [[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
                COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
                _csm-auth "$2" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
                echo "${COMPREPLY[*]}"
            }
            complete_line "$1" "$2" "status --profile "
            complete_line "$1" "$2" "sites --profile d"
            """
        var environment = cli.environment(sandbox: nil)
        environment["COLUMNS"] = nil
        let result = try ChildProcess.run(
            "bash",
            [
                "-c", script, "bash",
                ChildProcess.packageRoot.appending(path: "contrib/completions/csm-auth.bash").path,
                CLIHarness.csmAuth,
            ], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "ci-bot default work\ndefault\n")
    }

    @Test(arguments: ["csm-auth", "csm-sandbox"])
    func manPagesRenderWithoutWarnings(program: String) throws {
        let page = ChildProcess.packageRoot.appending(path: "contrib/man/\(program).1").path
        let result = try ChildProcess.run(
            "man", ["--warnings", "-l", page],
            environment: [
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "MANROFFSEQ": "",
                "MANWIDTH": "80", "LC_ALL": "C.UTF-8", "MANPAGER": "cat", "PAGER": "cat",
            ])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty, "man --warnings: \(result.stderr)")
        #expect(result.stdout.contains(program))
    }

    @Test func manPageKeepsEmDashesAndListsTheRealExitCodes() throws {
        let page = ChildProcess.packageRoot.appending(path: "contrib/man/csm-auth.1").path
        let result = try ChildProcess.run(
            "man", ["-l", page],
            environment: [
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "MANWIDTH": "200",
                "LC_ALL": "C.UTF-8", "MANPAGER": "cat", "PAGER": "cat",
            ])
        #expect(result.stdout.contains("no-echo prompt \u{2014} never from"))
        let exitStatus = result.stdout.split(separator: "\n").drop { $0 != "EXIT STATUS" }.dropFirst()
            .prefix { $0.hasPrefix(" ") || $0.isEmpty }.map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(exitStatus.compactMap { $0.split(separator: " ").first } == ["0", "1", "4", "5", "64"])
        #expect(!result.stdout.contains(">0 if an error occurs"))
    }

    @Test(arguments: ["csm-auth", "csm-sandbox"])
    func committedManPagesMatchTheParser(program: String) throws {
        let generated = try ChildProcess.run(
            "python3",
            [
                ChildProcess.packageRoot.appending(path: "scripts/generate-man").path,
                CLIHarness.binaryFolder + "/" + program, "2026-11-29",
            ])
        #expect(generated.status == 0, "\(generated.stderr)")
        let committed = try String(
            contentsOf: ChildProcess.packageRoot.appending(path: "contrib/man/\(program).1"), encoding: .utf8)
        #expect(generated.stdout == committed, "contrib/man/\(program).1 is stale: run scripts/generate-contrib")
    }

    @Test func installScriptInstallsAndRemovesEveryManPage() throws {
        // A copy of contrib/ next to a stand-in release binary, installed under a prefix of its own.
        let root = cli.folder.path + "/checkout"
        try FileManager.default.createDirectory(atPath: root + "/.build/release", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: ChildProcess.packageRoot.appending(path: "contrib").path, toPath: root + "/contrib")
        try #require(
            FileManager.default.createFile(
                atPath: root + "/.build/release/csm-auth", contents: Data("#!/bin/sh\n".utf8),
                attributes: [.posixPermissions: 0o755]))
        let prefix = cli.folder.path + "/prefix"
        let install = try ChildProcess.run("sh", [root + "/contrib/install.sh", prefix])
        #expect(install.status == 0, "\(install.stderr)")
        let pages = try FileManager.default.contentsOfDirectory(atPath: root + "/contrib/man").sorted()
        #expect(pages == ["csm-auth.1", "csm-sandbox.1"])
        let installed = try FileManager.default.contentsOfDirectory(atPath: prefix + "/share/man/man1").sorted()
        #expect(installed == pages)
        let uninstall = try ChildProcess.run("sh", [root + "/contrib/install.sh", "--uninstall", prefix])
        #expect(uninstall.status == 0, "\(uninstall.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: prefix + "/share/man/man1").isEmpty)
        #expect(!FileManager.default.fileExists(atPath: prefix + "/bin/csm-auth"))
    }
}
