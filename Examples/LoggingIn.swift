import CSMAuth
import Foundation

// MARK: Logging in from your tool

/// Logs in the way `csm-auth login` does, under this tool's name: flags first (none here),
/// then CSM_AUTH_* variables, then what the profile saved last time; the terminal asks for
/// what is still missing.
func logIn(profile: String?) async throws {
    let environment = CSMAuthEnvironment()  // hints say "run `csm-auth-example login`": this program
    let login = try LoginSettings(environment: environment, profile: profile, storage: nil)
    let terminal = TerminalLoginInteraction()
    let request = try await login.oauthRequest(interaction: terminal)
    let outcome = try await LoginFlow(environment: environment).run(request, interaction: terminal)
    if let site = outcome.site {
        print("Logged in to \(site.name) (\(site.url)), cloudId \(site.id).")
    } else {
        print("Logged in; choose a site among:", outcome.sites.map(\.url).joined(separator: ", "))
    }
}

/// Logs in with flags a tool parsed itself: another app, a fixed site, paste mode over ssh. This
/// one runs behind a wrapper script, so it names the command its users type.
func logInWithFlags(clientID: String, secretFromStdin: Secret?) async throws -> LoginOutcome {
    let environment = CSMAuthEnvironment(toolName: "my-tool")
    let login = try LoginSettings(environment: environment, profile: "work", storage: .file)
    let terminal = TerminalLoginInteraction(toolName: environment.toolName, pasteTimeout: .seconds(600))
    let request = try await login.oauthRequest(
        clientID: clientID, clientSecret: secretFromStdin,
        scopes: [CSMScope.readCustomer, .readOrganization].map(\.rawValue),
        site: "acme.atlassian.net", mode: .paste, timeout: .seconds(600), interaction: terminal)
    return try await LoginFlow(environment: environment).run(request, interaction: terminal)
}

/// Stores an email and API token (Basic auth) for scripts and bots.
func storeAPIToken(_ apiToken: Secret) async throws {
    let cloudID = try await BasicLogin(environment: CSMAuthEnvironment()).run(
        profile: "bot", siteURL: URL(string: "https://acme.atlassian.net")!,
        email: "bot@example.com", apiToken: apiToken, storage: .keyring)
    print("bot uses cloudId \(cloudID)")
}

/// Logs in an Atlassian service account (OAuth 2.0 client credentials).
func logInServiceAccount(clientID: String, secret: Secret) async throws {
    let cloudID = try await ClientCredentialsLogin(environment: CSMAuthEnvironment()).run(
        profile: "ci", siteURL: URL(string: "https://acme.atlassian.net")!,
        client: ClientCredentials(id: clientID, secret: secret), scopes: [], storage: .keyring)
    print("ci uses cloudId \(cloudID)")
}
