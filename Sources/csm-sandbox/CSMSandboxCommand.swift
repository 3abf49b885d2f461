import ArgumentParser
import CSMSandbox
import Foundation
import Logging

/// `csm-sandbox`: runs the local Atlassian stand-in until SIGINT or SIGTERM.
@main
struct CSMSandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csm-sandbox",
        abstract: "A local stand-in for Atlassian's OAuth 2.0 (3LO) server and the Jira CSM REST API.",
        discussion: """
            Prints "csm-sandbox listening on http://HOST:PORT" as its first line on standard output, \
            then serves until interrupted. That URL is both the authorization server and the API gateway. \
            With no flags it registers the client csm-sandbox-client / csm-sandbox-secret with the \
            callbacks http://localhost:8976/callback and http://127.0.0.1:8976/callback. See docs/sandbox.md.
            """)

    /// The port used when `--port` is absent: next to csm-auth's default callback port (8976).
    static let defaultPort = 8977

    @Option(help: ArgumentHelp("Address to listen on (loopback only, unless --allow-remote).", valueName: "host"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("Port to listen on; 0 picks a free port.", valueName: "n"))
    var port = CSMSandboxCommand.defaultPort

    @Flag(help: "Allow listening on a non-loopback address (the sandbox's secrets are public).")
    var allowRemote = false

    @Option(help: ArgumentHelp("Client id of the registered app (with --client-secret).", valueName: "id"))
    var clientID: String?

    @Option(
        help: ArgumentHelp(
            "Client secret of the registered app (with --client-id). A test secret, never a real one.",
            valueName: "secret"))
    var clientSecret: String?

    @Option(
        help: ArgumentHelp("Registered callback URL; repeat for several. Replaces the two defaults.", valueName: "uri"))
    var redirectURI: [String] = []

    @Option(
        help: ArgumentHelp(
            "A scope added to the app; repeat for several. Replaces the default scope list.", valueName: "scope"))
    var scope: [String] = []

    @Flag(help: "Approve every valid authorization request at once, without a consent page.")
    var autoApprove = false

    @Option(
        help: ArgumentHelp(
            "The user who consents with --auto-approve and is preselected on the consent page.", valueName: "email"))
    var user = SandboxUser.jiraAdministrator.email

    @Option(help: ArgumentHelp("Access token lifetime in seconds (fractions allowed).", valueName: "seconds"))
    var accessTokenLifetime: Double = 3600

    @Option(
        help: ArgumentHelp("Seconds a rotated refresh token stays usable (fractions allowed).", valueName: "seconds"))
    var reuseInterval: Double = 600

    @Option(help: ArgumentHelp("Seconds without use after which a refresh token expires.", valueName: "seconds"))
    var refreshTokenInactivity: Double = 90 * 24 * 3600

    @Flag(
        help:
            "No absolute limit on refresh tokens (by default they expire 365 days after the consent, as Atlassian's do)."
    )
    var noAbsoluteRefreshLimit = false

    @Option(help: ArgumentHelp("Authorization code lifetime in seconds.", valueName: "seconds"))
    var authorizationCodeLifetime: Double = 600

    @Option(help: ArgumentHelp("Number of sites (1-\(SandboxSite.maximumCount)).", valueName: "n"))
    var sites = 1

    @Option(
        help: ArgumentHelp(
            "A service account credential for client_credentials grants (an agent with every CSM scope); repeat for several.",
            valueName: "id:secret"),
        transform: { argument in
            guard let account = SandboxServiceAccount(argument: argument) else {
                throw ValidationError("--service-account expects ID:SECRET")
            }
            return account
        })
    var serviceAccount: [SandboxServiceAccount] = []

    @Option(
        help: ArgumentHelp(
            "The largest page of any CSM list (1-1000); small values make paging easy to test.", valueName: "n"))
    var pageSize = 50

    @Option(help: ArgumentHelp("Seconds a bulk task takes to finish (fractions allowed).", valueName: "seconds"))
    var bulkTaskDelay: Double = 1

    @Option(
        help: ArgumentHelp(
            "Generated customers to add to each site's seeded ones, for long lists (0-1000000).", valueName: "n"))
    var syntheticCustomers = 0

    @Flag(help: "Log every request (method, path, status) to standard error.")
    var verbose = false

    mutating func validate() throws {
        // One clear line and exit 64, rather than ArgumentParser's usage block: scripts and
        // tests read the first line of stderr.
        func usage(_ message: String) -> ExitCode {
            FileHandle.standardError.write(Data("csm-sandbox: \(message)\n".utf8))
            return ExitCode(64)
        }
        if !allowRemote, !SandboxConfiguration.isLoopbackHost(host) {
            throw usage("refusing to listen on non-loopback address \(host); add --allow-remote if you really mean it")
        }
        if (clientID == nil) != (clientSecret == nil) {
            throw usage("--client-id and --client-secret go together")
        }
        if !(0...65535).contains(port) {
            throw usage("--port must be between 0 and 65535")
        }
        if !(1...SandboxSite.maximumCount).contains(sites) {
            throw usage("--sites must be between 1 and \(SandboxSite.maximumCount)")
        }
        for (name, value) in [
            ("--access-token-lifetime", accessTokenLifetime), ("--reuse-interval", reuseInterval),
            ("--refresh-token-inactivity", refreshTokenInactivity),
            ("--authorization-code-lifetime", authorizationCodeLifetime), ("--bulk-task-delay", bulkTaskDelay),
        ] where !(value.isFinite && value >= 0) {
            throw usage("\(name) must be a non-negative number of seconds")
        }
        if !(0...1_000_000).contains(syntheticCustomers) {
            throw usage("--synthetic-customers must be between 0 and 1000000")
        }
        if !(1...1000).contains(pageSize) {
            throw usage("--page-size must be between 1 and 1000")
        }
        if !SandboxUser.seeded.contains(where: { $0.email.lowercased() == user.lowercased() }) {
            throw usage("--user must be one of \(SandboxUser.seeded.map(\.email).joined(separator: ", "))")
        }
        for uri in redirectURI where URLComponents(string: uri)?.scheme == nil {
            throw usage("--redirect-uri \(uri) is not an absolute URL")
        }
    }

    func run() async throws {
        let watcher = SignalWatcher()
        var logger = Logger(label: "csm-sandbox") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = verbose ? .info : .warning

        let server: SandboxServer
        do {
            server = try await SandboxServer.start(makeConfiguration(), logger: logger)
        } catch {
            FileHandle.standardError.write(Data("csm-sandbox: \(error)\n".utf8))
            throw ExitCode.failure
        }
        // The first stdout line is a contract: tests read it through a pipe, so it is written
        // unbuffered (a FileHandle write is one write(2)) rather than with print's buffering.
        FileHandle.standardOutput.write(Data("csm-sandbox listening on \(server.baseURL)\n".utf8))
        printSummary(server)

        await watcher.wait()
        try await server.stop()
    }

    private func makeConfiguration() -> SandboxConfiguration {
        var client = SandboxClient.default
        if let clientID, let clientSecret {
            client.id = clientID
            client.secret = clientSecret
        }
        if !redirectURI.isEmpty {
            client.redirectURIs = redirectURI
        }
        if !scope.isEmpty {
            client.scopes = scope
        }
        return SandboxConfiguration(
            host: host, port: port, allowRemote: allowRemote, clients: [client], autoApprove: autoApprove,
            defaultUserEmail: user, siteCount: sites, accessTokenLifetime: accessTokenLifetime,
            reuseInterval: reuseInterval, refreshTokenInactivity: refreshTokenInactivity,
            refreshTokenAbsoluteLifetime: noAbsoluteRefreshLimit
                ? nil : SandboxConfiguration.defaultRefreshTokenAbsoluteLifetime,
            authorizationCodeLifetime: authorizationCodeLifetime, serviceAccounts: serviceAccount, pageSize: pageSize,
            bulkTaskDelay: bulkTaskDelay, syntheticCustomers: syntheticCustomers)
    }

    /// What a person needs to use the sandbox, on stderr so stdout keeps its one-line contract:
    /// every kind of credential it accepts (the app's client for browser logins, the users' API
    /// tokens for Basic auth, the service accounts for client-credentials grants) and the sites.
    private func printSummary(_ server: SandboxServer) {
        var lines: [String] = []
        for client in server.clients {
            lines.append("client: \(client.id) (redirect URIs: \(client.redirectURIs.joined(separator: ", ")))")
        }
        for site in server.sites {
            lines.append("site: \(site.name), cloudId \(site.cloudID), \(site.url)")
        }
        for user in server.users {
            lines.append("user: \(user.email) (\(user.role.rawValue)), API token \(user.apiToken)")
        }
        // The secret is the one given on the command line; the id is what a CI job logs in with.
        for account in server.configuration.serviceAccounts {
            lines.append("service account: \(account.id) (\(account.role.rawValue)), for grant_type=client_credentials")
        }
        lines.append(autoApprove ? "consent: auto-approved as \(user)" : "consent: shown in the browser")
        FileHandle.standardError.write(Data(lines.map { "csm-sandbox: \($0)\n" }.joined().utf8))
    }
}
