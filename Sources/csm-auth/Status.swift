import ArgumentParser
import CSMAuth
import FoundationEssentials
import Glibc

extension CSMAuthCommand {
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show whether a profile is logged in, to which site, and when its tokens expire.",
            discussion:
                "Exits 0 when logged in and 4 when not (the report is printed either way). Plain status reads local "
                + "state only; --check also asks Atlassian (one request, one refresh on 401): exit 4 when it refuses "
                + "the login, 1 when it cannot be reached. Never prints a secret."
        )

        @OptionGroup var selection: ProfileSelection

        @Flag(name: .long, help: "Print JSON: one object, or an array with --all.")
        var json = false

        @Flag(name: .long, help: "Also ask Atlassian whether the login works (one authenticated request).")
        var check = false

        func run() async throws {
            try await CommandRunner.run(verbose: selection.options.verbose) { context in
                var reports = try await Profiles(environment: context.environment)
                    .statuses(selectedBy: selection.options.profile, all: selection.all)
                if check {
                    let checker = LoginCheck(environment: context.environment, transport: context.transport)
                    for index in reports.indices { reports[index] = try await checker.checked(reports[index]) }
                }
                if json {
                    let encoder = JSONEncoder()
                    encoder.dateEncodingStrategy = .iso8601
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    let data = selection.all ? try encoder.encode(reports) : try encoder.encode(reports[0])
                    // An empty array prints as `[]`, not the encoder's "[\n\n]".
                    try Output.print(reports.isEmpty ? "[]" : String(decoding: data, as: UTF8.self))
                } else if reports.isEmpty {
                    try Output.print("No profiles yet: run `csm-auth login`.")
                } else {
                    try Output.print(
                        Output.oneLine(reports.map(Self.describe).joined(separator: "\n"), keepingLineBreaks: true))
                }
                if reports.isEmpty || !reports.allSatisfy(\.loggedIn) { throw ExitCode(4) }
                if reports.contains(where: { $0.check == .unreachable }) { throw ExitCode(1) }
            }
        }

        static func describe(_ status: ProfileStatus) -> String {
            if let variable = status.overriddenBy, status.check != .refused {
                return
                    "\(variable) is set: token, header, env, exec and api use it instead of profile '\(status.profile)'"
                    + (status.cloudID.map { " (cloudId \($0) from CSM_AUTH_CLOUD_ID)" }
                        ?? " (no CSM_AUTH_CLOUD_ID: no site)")
                    + (status.checkDetail.map { "\n  check: \($0)" } ?? "")
            }
            guard status.loggedIn else {
                return "\(status.profile): \(status.problem ?? "not logged in: run `csm-auth login`")"
            }
            var lines = ["\(status.profile): logged in (\(status.auth ?? "oauth"))"]
            if let detail = status.checkDetail { lines.append("  check: \(detail)") }
            if let name = status.siteName ?? status.siteURL {
                lines.append("  site: \(name)  \(status.siteURL ?? "")  cloudId \(status.cloudID ?? "-")")
            } else {
                lines.append("  site: none chosen — run `csm-auth sites --select SITE`")
            }
            if let account = status.account {
                lines.append(
                    "  account: \(account.displayText)" + (account.accountID.map { "  (accountId \($0))" } ?? ""))
            }
            if !status.scopes.isEmpty { lines += WordWrap.lines(status.scopes, prefix: "  scopes: ") }
            if status.auth != "basic", !status.scopes.isEmpty {
                lines.append(
                    "  scope sets: " + (status.scopeSets.isEmpty ? "none" : status.scopeSets.joined(separator: ", ")))
            }
            lines.append("  storage: \(status.storage ?? "keyring")")
            if let expiry = status.accessTokenExpiresAt {
                lines.append("  access token: \(RelativeTime.describe(expiry)) (\(expiry.formatted(.iso8601)))")
            }
            lines.append(
                "  kernel cache: "
                    + (status.accessTokenCached
                        ? "holds the token (token, header, env and exec skip the store)" : "empty"))
            if let expiry = status.refreshTokenExpiresAt {
                lines.append(
                    "  refresh token: \(RelativeTime.describe(expiry)) at the latest (\(expiry.formatted(.iso8601)))")
            }
            return lines.joined(separator: "\n")
        }
    }
}
