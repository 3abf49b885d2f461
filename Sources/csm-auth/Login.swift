import ArgumentParser
import CSMAuth
import FoundationEssentials
import Glibc

extension CSMAuthCommand {
    struct Login: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "login",
            abstract:
                "Log in with OAuth 2.0 (3LO) in a browser, a service account with --client-credentials, or an email and API token with --basic.",
            discussion: """
                The client secret is read from --client-secret-stdin, CSM_AUTH_CLIENT_SECRET, the profile's saved one, \
                or a no-echo prompt — never from the command line. With --basic the API token is read from standard input \
                (or a no-echo prompt on a terminal).

                Scopes: --scopes names sets of them, comma-separated and repeatable, and --scope adds single ones; \
                without either, a login asks for the profile's last scopes, else the default ones. The sets: \
                csm (every scope of the CSM calls), csm-read (the read: scopes of csm), jira-read (read:jira-work, \
                read:jira-user), jira-write (jira-read and write:jira-work), jsm (read:servicedesk-request, \
                write:servicedesk-request, manage:servicedesk-customer), me (read:me). A 3LO login always adds \
                offline_access. `status` lists the sets the granted scopes cover.
                """
        )

        @OptionGroup var options: ProfileOptions

        @Option(name: .long, help: "The OAuth client id (default: $CSM_AUTH_CLIENT_ID or the profile's).")
        var clientId: String?

        @Flag(name: .long, help: "Read the client secret from the first line of standard input.")
        var clientSecretStdin = false

        @Option(name: .long, help: "A scope to request; repeat for several (offline_access is always added).")
        var scope: [String] = []

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Scope sets to request, comma-separated (\(CSMScopeSet.all.map(\.name).joined(separator: ", "))); repeatable, and combined with --scope.",
                valueName: "SET,..."))
        var scopes: [String] = []

        @Option(name: .long, help: "The site to use: cloudId, URL, host or name (with --basic: the site URL).")
        var site: String?

        @Option(
            name: .long, help: "The callback URL registered in your app (default: \(LoginRequest.defaultCallbackURL)).")
        var callbackUrl: String?

        @Option(
            name: .long, help: "The callback port on localhost (changes only the port of the default callback URL).")
        var port: Int?

        @Flag(name: .long, help: "Print the URL instead of opening a browser, and still listen (for ssh -L).")
        var noBrowser = false

        @Flag(name: .long, help: "No listener: paste the redirected URL from the browser's address bar.")
        var paste = false

        @Option(name: .long, help: "Seconds to wait for the browser, or for a pasted URL (default 300).")
        var timeout: Double?

        /// `--timeout`, or five minutes.
        var waitSeconds: Double { timeout ?? 300 }

        @Option(name: .long, help: "Where to keep the secrets: keyring (default), file, or etcd (a fleet).")
        var storage: StorageKind?

        @Flag(name: .long, help: "Store an email and API token (Basic auth) instead of an OAuth login.")
        var basic = false

        @Option(name: .long, help: "The account email, with --basic.")
        var email: String?

        @Flag(
            name: .long,
            help:
                "Log in an Atlassian service account with its OAuth 2.0 credential (client id and secret); needs --site SITE_URL."
        )
        var clientCredentials = false

        func validate() throws {
            if callbackUrl != nil && port != nil {
                throw ValidationError("use either --callback-url or --port, not both")
            }
            if noBrowser && paste { throw ValidationError("use either --no-browser or --paste, not both") }
            if let port, !(1...65535).contains(port) { throw ValidationError("--port must be between 1 and 65535") }
            if !(waitSeconds > 0 && waitSeconds <= 86400) {
                throw ValidationError("--timeout must be a positive number of seconds, at most 86400")
            }
            if clientCredentials {
                if basic { throw ValidationError("use either --basic or --client-credentials, not both") }
                if site == nil { throw ValidationError("--client-credentials needs --site SITE_URL") }
                if noBrowser || paste || callbackUrl != nil || port != nil {
                    throw ValidationError(
                        "--client-credentials opens no browser: it takes no --no-browser, --paste, --callback-url or --port"
                    )
                }
            }
            if basic {
                if site == nil || email == nil {
                    throw ValidationError("--basic needs --site SITE_URL and --email EMAIL")
                }
                if clientSecretStdin || clientId != nil || !scope.isEmpty || !scopes.isEmpty {
                    throw ValidationError("--basic takes no client id, client secret or scopes")
                }
            } else if email != nil {
                throw ValidationError("--email is only for --basic")
            }
            if let callbackUrl {
                guard let url = URL(string: callbackUrl) else {
                    throw ValidationError("--callback-url '\(callbackUrl)' is not a URL")
                }
                do { try LoginRequest.validate(callbackURL: url) } catch { throw ValidationError("\(error)") }
            }
        }

        func run() async throws {
            try await CommandRunner.run(verbose: options.verbose) { context in
                // An unknown set name is a usage error before anything is read or asked.
                let requested = try LoginSettings.requestedScopes(sets: scopes, flags: scope)
                if basic {
                    try await runBasic(context)
                } else if clientCredentials {
                    try await runClientCredentials(context, scopes: requested)
                } else {
                    try await runOAuth(context, scopes: requested)
                }
            }
        }

        /// - Parameter scopes: the scopes of `--scopes` and `--scope`; empty for the profile's or the default.
        private func runOAuth(_ context: CommandContext, scopes: [String]) async throws {
            let login = try LoginSettings(environment: context.environment, profile: options.profile, storage: storage)
            let interaction = TerminalLoginInteraction(
                toolName: context.environment.toolName, pasteTimeout: .milliseconds(Int64(waitSeconds * 1000)))
            let request = try await login.oauthRequest(
                clientID: clientId, clientSecret: try secretFromStandardInput(interaction), scopes: scopes, site: site,
                callbackURL: callbackUrl, port: port, mode: paste ? .paste : (noBrowser ? .noBrowser : .browser),
                timeout: interaction.pasteTimeout, interaction: interaction)
            let outcome = try await LoginFlow(
                environment: context.environment, transport: context.transport, logger: context.logger
            )
            .run(request, interaction: interaction)
            guard let chosen = outcome.site else {
                Output.info("Logged in; the tokens are saved, but this login can use several sites:")
                for site in outcome.sites { Output.info("  \(site.name)  \(site.url)  (\(site.id))") }
                Output.error(
                    "choose one with `csm-auth sites --select SITE\(login.profile == "default" ? "" : " --profile \(login.profile)")`"
                )
                throw ExitCode(1)
            }
            let who = outcome.account.map { " as \($0.displayText)" } ?? ""
            // The site as people name it: acme.atlassian.net (a sandbox's: 127.0.0.1:PORT/site/acme).
            let host = chosen.url.replacing(/^https?:\/\//, with: "").replacing(/\/+$/, with: "")
            Output.info(
                "Logged in\(who) to \(host) (cloudId \(chosen.id)): profile '\(login.profile)', site \(chosen.name), secrets in the \(login.storage.place)."
            )
            if let previous = outcome.replacedAccount {
                let logout = "csm-auth logout\(login.profile == "default" ? "" : " --profile \(login.profile)")"
                if let now = outcome.account {
                    Output.info(
                        "WARNING: profile '\(login.profile)' was logged in as \(previous.displayText) and is now logged in as a different Atlassian account, \(now.displayText). If you did not mean to switch accounts, run `\(logout)` and log in again."
                    )
                } else {
                    Output.info(
                        "WARNING: profile '\(login.profile)' was logged in as \(previous.displayText), and Atlassian did not say which account this login belongs to, so it may be another one. If you are not sure, run `\(logout)` and log in again."
                    )
                }
            }
        }

        /// The secret on standard input's first line with `--client-secret-stdin`; nil without it.
        private func secretFromStandardInput(_ interaction: TerminalLoginInteraction) throws -> Secret? {
            guard clientSecretStdin else { return nil }
            guard let line = try interaction.readLineOfInput() else {
                throw ValidationError("--client-secret-stdin: standard input had no secret")
            }
            return Secret(line)
        }

        /// - Parameter scopes: the scopes of `--scopes` and `--scope`; empty for all of the credential's.
        private func runClientCredentials(_ context: CommandContext, scopes: [String]) async throws {
            let login = try LoginSettings(environment: context.environment, profile: options.profile, storage: storage)
            let interaction = TerminalLoginInteraction(toolName: context.environment.toolName)
            let id = try login.requiredClientID(clientId, for: .clientCredentials)
            let secret = try await login.clientSecret(
                given: try secretFromStandardInput(interaction), clientID: id, auth: .clientCredentials,
                interaction: interaction)
            let siteURL = try EndpointURL.validated(site ?? "", name: "site URL")
            let cloudID = try await ClientCredentialsLogin(
                environment: context.environment, transport: context.transport
            )
            .run(login, siteURL: siteURL, client: ClientCredentials(id: id, secret: secret), scopes: scopes)
            Output.info(
                "Logged in: profile '\(login.profile)' uses \(siteURL.absoluteString) as service account \(id), cloudId \(cloudID); secret in the \(login.storage.place)."
            )
        }

        private func runBasic(_ context: CommandContext) async throws {
            let login = try LoginSettings(environment: context.environment, profile: options.profile, storage: storage)
            let siteURL = try EndpointURL.validated(site ?? "", name: "site URL")
            // The contract takes the API token from a pipe too (the interaction asks only a terminal).
            let interaction = TerminalLoginInteraction(toolName: context.environment.toolName)
            let cloudID = try await BasicLogin(environment: context.environment, transport: context.transport)
                .run(login, siteURL: siteURL, email: email ?? "") {
                    TerminalLoginInteraction.inputIsTerminal
                        ? try await interaction.readSecret(prompt: "API token for \(email ?? ""): ")
                        : try interaction.readLineOfInput().map(Secret.init)
                }
            Output.info(
                "Saved: profile '\(login.profile)' uses \(siteURL.absoluteString) as \(email ?? ""), cloudId \(cloudID); API token in the \(login.storage.place)."
            )
        }
    }
}

extension StorageKind: ExpressibleByArgument {
    /// `custom` is for programs that bring their own store: this command has none.
    public init?(argument: String) {
        guard let kind = StorageKind(rawValue: argument.lowercased()), kind != .custom else { return nil }
        self = kind
    }

    public static var allValueStrings: [String] { ["keyring", "file", "etcd"] }

    /// Where the login's secrets went, as the closing line names it: "the keyring", "the fleet's etcd".
    var place: String { self == .etcd ? "fleet's etcd" : rawValue }
}
