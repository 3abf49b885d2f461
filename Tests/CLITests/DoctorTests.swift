import CSMSandbox
import Foundation
import TestSupport
import Testing

/// `csm-auth doctor`: one line per check, ✓ on a healthy login, ✗ naming what fails, JSON for
/// machines, never a secret.
@Suite(.blocking) struct DoctorTests {
    let cli: CLIHarness
    /// A service account whose credential may also read the Jira platform's `myself`.
    let account = SandboxServiceAccount(
        id: "doctor-bot", secret: "doctor-bot-secret-\(UUID().uuidString)",
        scopes: SandboxServiceAccount.defaultScopes + ["read:jira-user"])

    init() throws {
        cli = try CLIHarness()
    }

    func sandbox() -> SandboxConfiguration {
        SandboxConfiguration(clients: [cli.sandboxClient], autoApprove: true, serviceAccounts: [account])
    }

    func loginServiceAccount(_ server: SandboxServer) throws {
        let login = try cli.serviceAccountLogin(account, server)
        try #require(login.status == 0, "\(login.stderr)")
    }

    func loginBrowser(_ server: SandboxServer) throws {
        let login = try cli.browserLogin(server)
        try #require(login.status == 0, "\(login.stderr)")
    }

    /// The lines of the checks (each starts with ✓, ! or ✗).
    func checkLines(_ output: String) -> [Substring] {
        output.split(separator: "\n").filter { $0.hasPrefix("✓") || $0.hasPrefix("!") || $0.hasPrefix("✗") }
    }

    @Test func doctorPassesEveryCheckOnAHealthyLogin() async throws {
        try await withSandbox(sandbox()) { server in
            try loginServiceAccount(server)
            let doctor = try cli.run(["doctor"], sandbox: server)
            #expect(doctor.status == 0, "\(doctor.stdout)\(doctor.stderr)")
            let lines = checkLines(doctor.stdout)
            #expect(lines.count == 9, "\(doctor.stdout)")
            #expect(lines.allSatisfy { $0.hasPrefix("✓") }, "\(doctor.stdout)")
            #expect(doctor.stdout.hasPrefix("csm-auth "))
            #expect(doctor.stdout.contains("profile: \(cli.profile)"))
            #expect(doctor.stdout.contains(server.sites[0].cloudID))
            #expect(doctor.stdout.contains("All checks passed."))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func doctorPassesABrowserLogin() async throws {
        try await withSandbox(sandbox()) { server in
            try loginBrowser(server)
            let doctor = try cli.run(["doctor"], sandbox: server)
            #expect(doctor.status == 0, "\(doctor.stdout)\(doctor.stderr)")
            #expect(!checkLines(doctor.stdout).contains { $0.hasPrefix("✗") }, "\(doctor.stdout)")
            #expect(checkLines(doctor.stdout).contains { $0.hasPrefix("✓ callback port") }, "\(doctor.stdout)")
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func doctorNamesTheScopeSetsThatGrantWhatAReadOnlyLoginLacks() async throws {
        try await withSandbox(sandbox()) { server in
            cli.extraEnvironment["BROWSER"] = try cli.script("browser", #"exec curl -sS -L -o /dev/null "$1""#)
            let login = try cli.run(
                ["login", "--callback-url", cli.callbackURL, "--timeout", "30", "--scopes", "csm-read,me"],
                sandbox: server)
            try #require(login.status == 0, "\(login.stderr)")
            let doctor = try cli.run(["doctor"], sandbox: server)
            #expect(checkLines(doctor.stdout).contains { $0.hasPrefix("! scopes") }, "\(doctor.stdout)")
            #expect(doctor.stdout.contains("→ log in again with --scopes csm,me if you use these calls"))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func doctorFailsNamingTheLoginWhenItWasRevoked() async throws {
        try await withSandbox(sandbox()) { server in
            try loginBrowser(server)
            server.revokeAllGrants()
            let doctor = try cli.run(["doctor"], sandbox: server)
            #expect(doctor.status == 1, "\(doctor.stdout)\(doctor.stderr)")
            let lines = checkLines(doctor.stdout)
            #expect(lines.contains { $0.hasPrefix("✗ login") }, "\(doctor.stdout)")
            #expect(lines.contains { $0.hasPrefix("✓ credential store") }, "\(doctor.stdout)")
            #expect(doctor.stdout.contains("csm-auth login --profile \(cli.profile)"), "\(doctor.stdout)")
            #expect(doctor.stdout.contains("Failed: login"))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func doctorFailsNamingTheStoreWhenTheKeyringIsLocked() throws {
        let folder = cli.folder.path + "/config"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "[\(cli.profile)]\nclient_id = x\ncloud_id = c\n".write(
            toFile: folder + "/config", atomically: true, encoding: .utf8)
        let result = try cli.runWithLockedKeyring(["doctor"])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        let lines = checkLines(result.stdout)
        #expect(lines.contains { $0.hasPrefix("✗ credential store") && $0.contains("locked") }, "\(result.stdout)")
        #expect(result.stdout.contains("unlock the keyring"))
    }

    @Test func doctorJSONParsesAndHoldsNoSecret() async throws {
        try await withSandbox(sandbox()) { server in
            try loginServiceAccount(server)
            let token = try cli.run(["token"], sandbox: server).stdout.trimmingCharacters(in: .newlines)
            try #require(!token.isEmpty)
            let doctor = try cli.run(["doctor", "--json"], sandbox: server)
            #expect(doctor.status == 0, "\(doctor.stdout)\(doctor.stderr)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(doctor.stdout.utf8)) as? [String: Any])
            let checks = try #require(object["checks"] as? [[String: Any]])
            #expect(
                checks.compactMap { $0["name"] as? String } == [
                    "store", "kernel-cache", "settings", "login", "clock", "scopes", "csm-api", "jira", "callback-port",
                ])
            #expect(checks.allSatisfy { $0["ok"] as? Bool == true && $0["detail"] is String })
            #expect(object["ok"] as? Bool == true)
            #expect(object["profile"] as? String == cli.profile)
            #expect(object["storage"] as? String == "keyring")
            #expect(!doctor.stdout.contains(token))
            #expect(!doctor.stdout.contains(account.secret))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func doctorFailsTheCallbackPortCheckWhenThePortIsBusy() async throws {
        try await withSandbox(sandbox()) { server in
            try loginBrowser(server)
            // Another program (a second sandbox) listens on the profile's callback port.
            try await withSandbox(SandboxConfiguration(port: cli.callbackPort)) { _ in
                let doctor = try cli.run(["doctor"], sandbox: server)
                #expect(doctor.status == 1, "\(doctor.stdout)\(doctor.stderr)")
                let lines = checkLines(doctor.stdout)
                #expect(lines.contains { $0.hasPrefix("✗ callback port") }, "\(doctor.stdout)")
                #expect(doctor.stdout.contains("Failed: callback-port."), "\(doctor.stdout)")
            }
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func doctorChecksTheEnvironmentTokenWithoutAStore() async throws {
        try await withSandbox(sandbox()) { server in
            let tokens = try server.issueTokens(clientID: cli.clientID)
            let environment = [
                "CSM_AUTH_TOKEN": tokens.accessToken, "CSM_AUTH_CLOUD_ID": server.sites[0].cloudID,
                // No keyring: a CI job's token needs none.
                "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus",
            ]
            let doctor = try cli.run(["doctor"], sandbox: server, environment: environment)
            #expect(doctor.status == 0, "\(doctor.stdout)\(doctor.stderr)")
            #expect(doctor.stdout.contains("auth: token"))
            #expect(!doctor.stdout.contains(tokens.accessToken))
            server.revokeAllGrants()
            let refused = try cli.run(["doctor"], sandbox: server, environment: environment)
            #expect(refused.status == 1)
            #expect(
                checkLines(refused.stdout).contains {
                    $0.hasPrefix("✗ login") && $0.contains("the token in CSM_AUTH_TOKEN was refused")
                }, "\(refused.stdout)")
        }
    }

    @Test func doctorWarnsAboutAClockFarFromAtlassians() async throws {
        var configuration = sandbox()
        configuration.clock = { Date().addingTimeInterval(600) }
        try await withSandbox(configuration) { server in
            try loginServiceAccount(server)
            let doctor = try cli.run(["doctor"], sandbox: server)
            #expect(doctor.status == 0, "a warning does not fail: \(doctor.stdout)\(doctor.stderr)")
            #expect(checkLines(doctor.stdout).contains { $0.hasPrefix("! clock") && $0.contains("behind") })
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func doctorRefusesAnInvalidEnvironmentTokenAsEveryCommandDoes() async throws {
        try await withSandbox(sandbox()) { server in
            try loginBrowser(server)
            let doctor = try cli.run(["doctor"], sandbox: server, environment: ["CSM_AUTH_TOKEN": "bad token"])
            #expect(doctor.status == 64, "\(doctor.stdout)\(doctor.stderr)")
            #expect(doctor.stderr.contains("CSM_AUTH_TOKEN"))
            #expect(doctor.stdout.isEmpty)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }
}
