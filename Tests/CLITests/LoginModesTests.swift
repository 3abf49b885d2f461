import CSMSandbox
import Foundation
import TestSupport
import Testing

/// Paste and no-browser logins, file storage, and secrets on stdin: a client secret only with
/// `--client-secret-stdin`, a Basic login's API token from a pipe.
@Suite(.blocking) struct LoginModesTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
    }

    func interactiveLogin(
        _ arguments: [String], server: SandboxServer, respond: @escaping (String) throws -> String?
    ) throws -> (status: Int32, stderr: String) {
        try cli.interactiveLogin(arguments, server: server, respond: respond)
    }

    /// What the browser would be sent to after consent (the sandbox auto-approves): the Location header.
    func redirect(for authorizationURL: String) throws -> String {
        let result = try ChildProcess.run("curl", ["-s", "-o", "/dev/null", "-w", "%{redirect_url}", authorizationURL])
        return result.stdout
    }

    var sandbox: SandboxConfiguration {
        SandboxConfiguration(clients: [cli.sandboxClient], autoApprove: true)
    }

    @Test func pasteModeAcceptsTheRedirectedURL() async throws {
        try await withSandbox(sandbox) { server in
            let login = try interactiveLogin(["--paste", "--callback-url", cli.callbackURL], server: server) { url in
                try redirect(for: url)
            }
            #expect(login.status == 0, "\(login.stderr)")
            #expect(try cli.run(["status"], sandbox: server).status == 0)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func pasteWithTheWrongStateIsRejected() async throws {
        try await withSandbox(sandbox) { server in
            let login = try interactiveLogin(["--paste", "--callback-url", cli.callbackURL], server: server) { url in
                try redirect(for: url).replacingOccurrences(of: "state=", with: "state=tampered")
            }
            #expect(login.status == 1)
            #expect(login.stderr.contains("state"))
            #expect(server.stats.authorizationCodeGrants == 0)
        }
    }

    @Test func noBrowserPrintsTheSSHLineAndStillListens() async throws {
        try await withSandbox(sandbox) { server in
            let marker = cli.folder.path + "/browser-was-opened"
            cli.extraEnvironment["BROWSER"] = try cli.script("browser", "touch '\(marker)'")
            let login = try interactiveLogin(
                ["--no-browser", "--callback-url", cli.callbackURL, "--timeout", "30"], server: server
            ) { url in
                // The person opens the URL themselves; the listener receives the callback.
                _ = try ChildProcess.run("curl", ["-sS", "-L", "-o", "/dev/null", url])
                return nil
            }
            #expect(login.status == 0, "\(login.stderr)")
            #expect(login.stderr.contains("ssh -L \(cli.callbackPort):127.0.0.1:\(cli.callbackPort) "))
            #expect(!FileManager.default.fileExists(atPath: marker))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func fileStorageWritesA0600FileAndStatusSaysFile() async throws {
        try await withSandbox(sandbox) { server in
            cli.extraEnvironment["BROWSER"] = try cli.script("browser", #"exec curl -sS -L -o /dev/null "$1""#)
            let login = try cli.run(
                ["login", "--storage", "file", "--callback-url", cli.callbackURL, "--timeout", "30"], sandbox: server)
            #expect(login.status == 0, "\(login.stderr)")
            let path = cli.folder.path + "/data/csm-auth/credentials/\(cli.profile).json"
            #expect(try cli.folder.mode(of: path) == 0o600)
            #expect(try cli.folder.mode(of: cli.folder.path + "/data/csm-auth/credentials") == 0o700)
            let status = try cli.run(["status", "--json"], sandbox: server)
            #expect(status.stdout.contains("\"storage\" : \"file\""))
            // No silent use of the keyring for a file profile.
            #expect(
                try ChildProcess.run("secret-tool", ["lookup", "service", "csm-auth", "profile", cli.profile]).status
                    != 0)
            _ = try cli.run(["logout"], sandbox: server)
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func clientSecretFromStandardInput() async throws {
        try await withSandbox(sandbox) { server in
            cli.extraEnvironment["BROWSER"] = try cli.script("browser", #"exec curl -sS -L -o /dev/null "$1""#)
            let login = try cli.run(
                ["login", "--client-secret-stdin", "--callback-url", cli.callbackURL, "--timeout", "30"],
                sandbox: server,
                // Asked for explicitly, stdin wins over a stale secret in the environment.
                environment: ["CSM_AUTH_CLIENT_SECRET": "stale-secret"], input: cli.clientSecret + "\n")
            #expect(login.status == 0, "\(login.stderr)")
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    /// The contract reads the client secret from `--client-secret-stdin`, the environment, the
    /// profile, or a no-echo prompt *on a terminal*: a pipe without the flag is not a secret. (It
    /// may hold something else, such as the redirected URL of a paste login.)
    @Test func pipedInputIsNotTakenForTheClientSecretWithoutTheFlag() async throws {
        try await withSandbox(sandbox) { server in
            let login = try cli.run(
                ["login", "--no-browser", "--callback-url", cli.callbackURL, "--timeout", "5"], sandbox: server,
                environment: ["CSM_AUTH_CLIENT_SECRET": nil], input: cli.clientSecret + "\n")
            #expect(login.status == 64, "\(login.stderr)")
            #expect(login.stderr.contains("no OAuth client secret"))
            #expect(!login.stderr.contains("/authorize?"))
        }
    }

    @Test func pipedInputIsNotTakenForTheServiceAccountSecretWithoutTheFlag() async throws {
        try await withSandbox(sandbox) { server in
            let login = try cli.run(
                ["login", "--client-credentials", "--site", server.sites[0].url], sandbox: server,
                environment: ["CSM_AUTH_CLIENT_SECRET": nil], input: cli.clientSecret + "\n")
            #expect(login.status == 64, "\(login.stderr)")
            #expect(login.stderr.contains("client secret"))
            #expect(server.stats.clientCredentialsGrants == 0)
            #expect(server.stats.tokenErrors == 0)
        }
    }

    @Test func wrongClientSecretSaysSo() async throws {
        try await withSandbox(sandbox) { server in
            cli.extraEnvironment["BROWSER"] = try cli.script("browser", #"exec curl -sS -L -o /dev/null "$1""#)
            let login = try cli.run(
                ["login", "--callback-url", cli.callbackURL, "--timeout", "30"], sandbox: server,
                environment: ["CSM_AUTH_CLIENT_SECRET": "not-the-secret"])
            #expect(login.status == 1)
            #expect(login.stderr.contains("client secret"))
            // Token-endpoint refusals at login exit 1 and name the command to run (not exit 4).
            #expect(login.stderr.contains("check the client id and client secret"))
            #expect(login.stderr.contains("run `csm-auth login"))
            #expect(!login.stderr.contains("not-the-secret"))
        }
    }

    /// `--basic` still reads the API token from a pipe, as the contract says.
    @Test func basicStillReadsTheAPITokenFromAPipe() async throws {
        try await withSandbox(sandbox) { server in
            let login = try cli.run(
                ["login", "--basic", "--site", server.sites[0].url, "--email", "agent@sandbox.example"],
                sandbox: server,
                input: "  sandbox-agent-token  \n")
            #expect(login.status == 0, "\(login.stderr)")
            #expect(try cli.run(["token"], sandbox: server).stdout == "sandbox-agent-token\n")
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func statusAllListsEveryProfile() async throws {
        try await withSandbox(sandbox) { server in
            let site = server.sites[0].url
            for name in ["bot-a", "bot-b"] {
                let login = try cli.run(
                    [
                        "login", "--basic", "--profile", cli.profile + name, "--site", site, "--email",
                        "agent@sandbox.example",
                    ],
                    sandbox: server, input: "sandbox-agent-token\n")
                #expect(login.status == 0, "\(login.stderr)")
            }
            let status = try cli.run(["status", "--all", "--json"], sandbox: server)
            #expect(status.status == 0)
            let profiles = try #require(
                JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]])
            #expect(profiles.compactMap { $0["profile"] as? String } == [cli.profile + "bot-a", cli.profile + "bot-b"])
            #expect(try cli.run(["logout", "--all"], sandbox: server).status == 0)
            #expect(try cli.run(["status", "--all"], sandbox: server).status == 4)
        }
    }

    @Test func pasteWithNoBrowserIsAUsageError() throws {
        #expect(try cli.run(["login", "--paste", "--no-browser"]).status == 64)
    }

    @Test func portWithCallbackURLIsAUsageError() throws {
        #expect(try cli.run(["login", "--port", "9000", "--callback-url", cli.callbackURL]).status == 64)
    }

    @Test func portOutOfRangeIsAUsageError() throws {
        #expect(try cli.run(["login", "--port", "70000"]).status == 64)
    }

    @Test func zeroTimeoutIsAUsageError() throws {
        #expect(try cli.run(["login", "--timeout", "0"]).status == 64)
    }

    @Test func httpsCallbackURLIsAUsageError() throws {
        #expect(try cli.run(["login", "--callback-url", "https://localhost:8976/callback"]).status == 64)
    }

    @Test func basicWithoutEmailIsAUsageError() throws {
        #expect(try cli.run(["login", "--basic", "--site", "https://acme.atlassian.net"]).status == 64)
    }

    @Test func emailWithoutBasicIsAUsageError() throws {
        #expect(try cli.run(["login", "--email", "a@b.example"]).status == 64)
    }

    @Test func basicWithAClientIdIsAUsageError() throws {
        #expect(
            try cli.run([
                "login", "--basic", "--site", "https://acme.atlassian.net", "--email", "a@b.example", "--client-id",
                "x",
            ]).status == 64)
    }

    @Test func basicWithPlainHTTPSiteIsAUsageError() throws {
        let result = try cli.run(
            ["login", "--basic", "--site", "http://acme.atlassian.net", "--email", "a@b.example"], input: "token\n")
        #expect(result.status == 64)
        #expect(result.stderr.contains("https://"))
    }

    @Test func statusWithProfileAndAllIsAUsageError() throws {
        #expect(try cli.run(["status", "--all", "--profile", "x"]).status == 64)
    }

    @Test func logoutWithProfileAndAllIsAUsageError() throws {
        #expect(try cli.run(["logout", "--all", "--profile", "x"]).status == 64)
    }

    @Test func execWithoutACommandIsAUsageError() throws {
        #expect(try cli.run(["exec", "--"]).status == 64)
    }

    @Test func unknownEnvFormatIsAUsageError() throws {
        #expect(try cli.run(["env", "--format", "xml"]).status == 64)
    }

    @Test func unknownStorageVariableIsAUsageError() throws {
        let result = try cli.run(["login"], environment: ["CSM_AUTH_STORAGE": "cloud"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("CSM_AUTH_STORAGE"))
    }

    @Test func plainHTTPAuthURLOffLoopbackIsAUsageError() throws {
        let result = try cli.run(["login"], environment: ["CSM_AUTH_AUTH_URL": "http://auth.example.com"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("https://"))
    }
}
