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
        #expect(examples.count == 6)
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
}
