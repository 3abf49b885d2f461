import CSMSandbox
import Foundation
import TestSupport
import Testing

/// `csm-auth login` end to end: the built binary, a sandbox on loopback, the real keyring, and a
/// browser stand-in started through `$BROWSER` exactly as a user's browser would be.
@Suite(.blocking) struct LoginCommandTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
    }

    /// A browser that follows the authorization URL's redirects with curl, as a person clicking "Accept" would.
    func curlBrowser() throws -> String {
        try cli.script("browser", #"exec curl -sS -L -o /dev/null "$1""#)
    }

    func sandbox(sites: Int = 1, autoApprove: Bool = true, lifetime: TimeInterval = 3600) -> SandboxConfiguration {
        SandboxConfiguration(
            clients: [cli.sandboxClient], autoApprove: autoApprove, siteCount: sites, accessTokenLifetime: lifetime)
    }

    func statusJSON(_ server: SandboxServer) throws -> [String: Any] {
        let status = try cli.run(["status", "--json"], sandbox: server)
        return try #require(JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
    }

    @Test func loginWithCurlAsTheBrowserStoresTheProfile() async throws {
        try await withSandbox(sandbox()) { server in
            cli.extraEnvironment["BROWSER"] = try curlBrowser()
            let login = try cli.run(["login", "--callback-url", cli.callbackURL, "--timeout", "30"], sandbox: server)
            #expect(login.status == 0, "\(login.stderr)")
            #expect(login.stdout.isEmpty)
            let site = try #require(server.sites.first)
            #expect(login.stderr.contains(site.cloudID))

            let status = try statusJSON(server)
            #expect(status["loggedIn"] as? Bool == true)
            #expect(status["cloudId"] as? String == site.cloudID)
            #expect(status["storage"] as? String == "keyring")
            #expect(status["auth"] as? String == "oauth")
            #expect((status["scopes"] as? [String])?.contains("offline_access") == true)
            #expect(status["accessTokenExpiresAt"] is String)
            #expect(status["refreshTokenExpiresAt"] is String)

            let token = try cli.run(["token"], sandbox: server)
            #expect(token.status == 0)
            #expect(token.stdout.hasSuffix("\n") && token.stdout.split(separator: "\n").count == 1)
            #expect(server.stats.authorizationCodeGrants == 1)
            #expect(server.stats.refreshGrants == 0)

            // Keyring storage: neither the token nor the client secret is in any file we wrote.
            let files = cli.allFileContents()
            #expect(!files.contains(token.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(!files.contains(cli.clientSecret))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func loginWithHeadlessChromium() async throws {
        try await withSandbox(sandbox()) { server in
            let chromium = try #require(
                ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
                    FileManager.default.isExecutableFile(atPath: $0)
                },
                "chromium is not installed: run scripts/setup")
            cli.extraEnvironment["BROWSER"] = try cli.script(
                "chromium-browser",
                """
                exec \(chromium) --headless=new --no-sandbox --disable-gpu --no-first-run --disable-dev-shm-usage \
                  --user-data-dir="\(cli.folder.path)/chromium" --dump-dom "$1" >/dev/null 2>&1
                """)
            let login = try cli.run(["login", "--callback-url", cli.callbackURL, "--timeout", "60"], sandbox: server)
            #expect(login.status == 0, "\(login.stderr)")
            #expect(try statusJSON(server)["loggedIn"] as? Bool == true)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func deniedConsentExitsOne() async throws {
        try await withSandbox(sandbox()) { server in
            // Comes back to the callback with the login's own state and error=access_denied. The
            // state is in the authorization URL the start link redirects to, not in the argument.
            cli.extraEnvironment["BROWSER"] = try cli.script(
                "deny",
                #"""
                authorize=$(curl -s -o /dev/null -w '%{redirect_url}' "$1")
                state=$(printf '%s' "$authorize" | sed -n 's/.*[?&]state=\([^&]*\).*/\1/p')
                exec curl -sS -o /dev/null "http://127.0.0.1:$CALLBACK_PORT/callback?error=access_denied&state=$state"
                """#)
            cli.extraEnvironment["CALLBACK_PORT"] = "\(cli.callbackPort)"
            let login = try cli.run(["login", "--callback-url", cli.callbackURL, "--timeout", "30"], sandbox: server)
            #expect(login.status == 1)
            #expect(login.stderr.contains("denied"))
            #expect(try statusJSON(server)["loggedIn"] as? Bool == false)
        }
    }

    @Test func wrongStateOnTheCallbackExitsOne() async throws {
        try await withSandbox(sandbox()) { server in
            cli.extraEnvironment["BROWSER"] = try cli.script(
                "forger",
                #"exec curl -sS -o /dev/null "http://127.0.0.1:$CALLBACK_PORT/callback?code=forged&state=forged""#)
            cli.extraEnvironment["CALLBACK_PORT"] = "\(cli.callbackPort)"
            let login = try cli.run(["login", "--callback-url", cli.callbackURL, "--timeout", "30"], sandbox: server)
            #expect(login.status == 1)
            #expect(login.stderr.contains("state"))
            #expect(server.stats.authorizationCodeGrants == 0)
        }
    }

    @Test func timeoutExitsOneAndMentionsTheRedirectURI() async throws {
        try await withSandbox(sandbox()) { server in
            cli.extraEnvironment["BROWSER"] = "/bin/true"
            let login = try cli.run(["login", "--callback-url", cli.callbackURL, "--timeout", "1"], sandbox: server)
            #expect(login.status == 1)
            #expect(login.stderr.contains("redirect_uri") || login.stderr.contains("callback URL"))
        }
    }

    @Test func nonLoopbackCallbackHostIsAUsageError() async throws {
        let login = try cli.run(["login", "--callback-url", "http://example.com:8976/callback"])
        #expect(login.status == 64)
        #expect(login.stderr.contains("loopback"))
    }

    @Test func callbackPortInUseIsReported() async throws {
        try await withSandbox(sandbox()) { server in
            // The sandbox itself occupies a port: use it as the callback port.
            let busy = "http://127.0.0.1:\(server.port)/callback"
            let login = try cli.run(
                ["login", "--callback-url", busy, "--no-browser", "--timeout", "5"], sandbox: server)
            #expect(login.status == 1)
            #expect(login.stderr.contains("\(server.port)"))
            #expect(login.stderr.contains("--port"))
        }
    }

    @Test func unknownSiteSavesNothingAndListsTheSites() async throws {
        try await withSandbox(sandbox(sites: 2)) { server in
            cli.extraEnvironment["BROWSER"] = try curlBrowser()
            let login = try cli.run(
                ["login", "--callback-url", cli.callbackURL, "--site", "no-such-site", "--timeout", "30"],
                sandbox: server)
            #expect(login.status == 1)
            #expect(login.stderr.contains("no-such-site"))
            #expect(login.stderr.contains(server.sites[1].name))
            #expect(try cli.run(["status"], sandbox: server).status == 4)
            let retry = try cli.run(
                [
                    "login", "--callback-url", cli.callbackURL, "--site", server.sites[1].name.uppercased(),
                    "--timeout", "30",
                ], sandbox: server)
            #expect(retry.status == 0, "\(retry.stderr)")
            #expect(try statusJSON(server)["cloudId"] as? String == server.sites[1].cloudID)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func failedLoginWithAnUnknownSiteLeavesTheWorkingProfileAsItWas() async throws {
        try await withSandbox(sandbox(sites: 2)) { server in
            cli.extraEnvironment["BROWSER"] = try curlBrowser()
            let first = try cli.run(
                ["login", "--callback-url", cli.callbackURL, "--site", server.sites[0].name, "--timeout", "30"],
                sandbox: server)
            try #require(first.status == 0, "\(first.stderr)")
            let statusBefore = try cli.run(["status", "--json"], sandbox: server).stdout
            let secretsBefore = try ChildProcess.run(
                "secret-tool", ["lookup", "service", "csm-auth", "profile", cli.profile]
            ).stdout
            let configBefore = try String(contentsOfFile: cli.folder.path + "/config/config", encoding: .utf8)

            let failed = try cli.run(
                ["login", "--callback-url", cli.callbackURL, "--site", "nosuch", "--timeout", "30"], sandbox: server)
            #expect(failed.status == 1)
            #expect(try cli.run(["status", "--json"], sandbox: server).stdout == statusBefore)
            #expect(
                try ChildProcess.run("secret-tool", ["lookup", "service", "csm-auth", "profile", cli.profile]).stdout
                    == secretsBefore)
            #expect(try String(contentsOfFile: cli.folder.path + "/config/config", encoding: .utf8) == configBefore)
            let api = try cli.run(["api", "/api/v1/customer"], sandbox: server)
            #expect(api.status != 64, "\(api.stderr)")
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func severalSitesWithoutATerminalExitOneUntilSelected() async throws {
        try await withSandbox(sandbox(sites: 3)) { server in
            cli.extraEnvironment["BROWSER"] = try curlBrowser()
            let login = try cli.run(["login", "--callback-url", cli.callbackURL, "--timeout", "30"], sandbox: server)
            #expect(login.status == 1)
            #expect(login.stderr.contains("csm-auth sites --select"))
            for site in server.sites { #expect(login.stderr.contains(site.cloudID)) }

            let sites = try cli.run(["sites", "--json"], sandbox: server)
            let listed = try #require(JSONSerialization.jsonObject(with: Data(sites.stdout.utf8)) as? [[String: Any]])
            #expect(listed.count == 3, "accessible-resources lists each site twice; they must be merged")
            let select = try cli.run(["sites", "--select", server.sites[2].url], sandbox: server)
            #expect(select.status == 0)
            #expect(try statusJSON(server)["siteUrl"] as? String == server.sites[2].url)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func siteFlagPicksBySiteHostOrCloudId() async throws {
        try await withSandbox(sandbox(sites: 2)) { server in
            cli.extraEnvironment["BROWSER"] = try curlBrowser()
            let login = try cli.run(
                ["login", "--callback-url", cli.callbackURL, "--site", server.sites[1].cloudID, "--timeout", "30"],
                sandbox: server)
            #expect(login.status == 0, "\(login.stderr)")
            #expect(try statusJSON(server)["cloudId"] as? String == server.sites[1].cloudID)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func clientSecretIsNotOnTheCommandLine() async throws {
        try await withSandbox(sandbox()) { server in
            // The browser stand-in reads the login's command line while it waits for the callback.
            cli.extraEnvironment["BROWSER"] = try cli.script(
                "inspect",
                #"""
                tr '\0' ' ' < /proc/$PPID/cmdline > "$(dirname "$0")/cmdline"
                exec curl -sS -L -o /dev/null "$1"
                """#)
            let login = try cli.run(["login", "--callback-url", cli.callbackURL, "--timeout", "30"], sandbox: server)
            #expect(login.status == 0, "\(login.stderr)")
            let commandLine = try String(contentsOfFile: cli.folder.path + "/cmdline", encoding: .utf8)
            #expect(commandLine.contains("login"))
            #expect(!commandLine.contains(cli.clientSecret))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func missingClientIdIsAUsageError() throws {
        let login = try cli.run(["login"], environment: ["CSM_AUTH_CLIENT_ID": nil])
        #expect(login.status == 64)
        #expect(login.stderr.hasPrefix("csm-auth: no OAuth client id"))
        #expect(login.stderr.split(separator: "\n").count == 1)
    }

    @Test func logoutRemovesTheKeyringItem() async throws {
        try await withSandbox(sandbox()) { server in
            cli.extraEnvironment["BROWSER"] = try curlBrowser()
            #expect(
                try cli.run(["login", "--callback-url", cli.callbackURL, "--timeout", "30"], sandbox: server).status
                    == 0)
            #expect(
                try ChildProcess.run("secret-tool", ["lookup", "service", "csm-auth", "profile", cli.profile]).status
                    == 0)
            #expect(try cli.run(["logout"], sandbox: server).status == 0)
            #expect(
                try ChildProcess.run("secret-tool", ["lookup", "service", "csm-auth", "profile", cli.profile]).status
                    != 0)
            let status = try cli.run(["status"], sandbox: server)
            #expect(status.status == 4)
            #expect(status.stdout.contains("csm-auth login"))
        }
    }
}
