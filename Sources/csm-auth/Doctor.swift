import ArgumentParser
import CSMAuth
import FoundationEssentials

extension CSMAuthCommand {
    struct Doctor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "doctor",
            abstract: "Check everything a login depends on, one line each, with what to do when a check fails.",
            discussion: """
                Checks the credential store, the kernel cache, the settings file's trust, the login (as status \
                --check), the clock against Atlassian's Date header, the granted scopes, the CSM API and the Jira \
                platform reached with the login (one request each), and the loopback callback port. ✓ passes, ! \
                warns (and does not fail), ✗ fails. Exits 0 when no check fails, 1 otherwise. Never prints a \
                secret: paste the output into a bug report.
                """)

        @OptionGroup var options: ProfileOptions

        @Flag(name: .long, help: "Print JSON: the profile, the site and `checks` (name, status, ok, detail, fix).")
        var json = false

        func run() async throws {
            try await CommandRunner.run(verbose: options.verbose) { context in
                let report = try await CSMAuth.Doctor(environment: context.environment, transport: context.transport)
                    .run(profile: options.profile)
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    try Output.print(String(decoding: try encoder.encode(report), as: UTF8.self))
                } else {
                    try Output.print(Output.oneLine(Self.describe(report), keepingLineBreaks: true))
                }
                if !report.ok { throw ExitCode(1) }
            }
        }

        /// The report for people: a version line, the profile, one line per check with its fix
        /// under it, and a summary.
        static func describe(_ report: DoctorReport) -> String {
            var site = report.siteName ?? report.siteURL ?? "none"
            if let url = report.siteURL, report.siteName != nil { site += " \(url)" }
            if let cloudID = report.cloudID { site += " (cloudId \(cloudID))" }
            var lines = [
                "csm-auth \(report.version) doctor",
                "profile: \(report.profile)  auth: \(report.auth ?? "none")  storage: \(report.storage)",
                "site: \(site)",
            ]
            let width = (report.checks.map(\.title.count).max() ?? 0) + 2
            for check in report.checks {
                let title = check.title + String(repeating: " ", count: width - check.title.count)
                lines.append("\(check.status.marker) \(title)\(check.detail)")
                if let fix = check.fix, check.status != .pass {
                    lines.append(String(repeating: " ", count: width + 2) + "→ \(fix)")
                }
            }
            let failed = report.checks.filter { $0.status == .fail }.map(\.name)
            let warned = report.checks.filter { $0.status == .warn }.map(\.name)
            if failed.isEmpty {
                lines.append(
                    warned.isEmpty
                        ? "All checks passed." : "No check failed; warnings: \(warned.joined(separator: ", ")).")
            } else {
                lines.append("Failed: \(failed.joined(separator: ", ")).")
            }
            return lines.joined(separator: "\n")
        }
    }
}
