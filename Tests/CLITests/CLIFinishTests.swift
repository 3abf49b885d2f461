import CSMSandbox
import Foundation
import TestSupport
import Testing

/// What makes the CLI pleasant: headless logins, browser failures, global options, suggestions,
/// help, status and api output, and contrib/ files that match the parser.
@Suite(.blocking) struct CLIFinishTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
    }

    var sandbox: SandboxConfiguration {
        SandboxConfiguration(clients: [cli.sandboxClient], autoApprove: true)
    }

    /// A login where the person opens the printed URL themselves.
    func loginFollowingThePrintedURL(_ server: SandboxServer, environment: [String: String?]) throws -> (
        status: Int32, stderr: String
    ) {
        try cli.interactiveLogin(
            ["--callback-url", cli.callbackURL, "--timeout", "30"], server: server, environment: environment
        ) { url in
            _ = try ChildProcess.run("curl", ["-sS", "-L", "-o", "/dev/null", url])
            return nil
        }
    }

    @Test func sshSessionWithoutADisplayBehavesAsNoBrowserAndSaysWhy() async throws {
        try await withSandbox(sandbox) { server in
            let marker = cli.folder.path + "/xdg-open-ran"
            let login = try loginFollowingThePrintedURL(
                server,
                environment: [
                    "BROWSER": nil, "DISPLAY": nil, "WAYLAND_DISPLAY": nil,
                    "SSH_CONNECTION": "192.0.2.1 50000 192.0.2.2 22",
                    "PATH": try cli.script("xdg-open", "touch '\(marker)'").replacingOccurrences(
                        of: "/xdg-open", with: "") + ":/usr/bin:/bin",
                ])
            #expect(login.status == 0, "\(login.stderr)")
            #expect(login.stderr.contains("Not opening a browser: this is an SSH session without a forwarded display."))
            #expect(login.stderr.contains("ssh -L \(cli.callbackPort):127.0.0.1:\(cli.callbackPort) "))
            #expect(!FileManager.default.fileExists(atPath: marker))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func noDisplayBehavesAsNoBrowser() async throws {
        try await withSandbox(sandbox) { server in
            let login = try loginFollowingThePrintedURL(
                server, environment: ["BROWSER": nil, "DISPLAY": nil, "WAYLAND_DISPLAY": nil])
            #expect(login.status == 0, "\(login.stderr)")
            #expect(login.stderr.contains("there is no display"))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    /// The browser may outlive the login by days and passes its environment to whatever it
    /// starts: it does not get the client secret from ours.
    @Test func theBrowserInheritsNoSecretVariable() async throws {
        try await withSandbox(sandbox) { server in
            let seen = cli.folder.path + "/browser-environment"
            let browser = try cli.script("env-browser", "env > '\(seen).new' && mv '\(seen).new' '\(seen)'")
            let login = try loginFollowingThePrintedURL(server, environment: ["BROWSER": browser])
            #expect(login.status == 0, "\(login.stderr)")
            #expect(try await waitForFile(atPath: seen))
            let environment = try String(contentsOfFile: seen, encoding: .utf8)
            #expect(environment.contains("CSM_AUTH_PROFILE="))
            #expect(!environment.contains(cli.clientSecret))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func failingBrowserCommandIsReportedAndTheLoginKeepsWaiting() async throws {
        try await withSandbox(sandbox) { server in
            let browser = try cli.script("failing-browser", "exit 3")
            let login = try loginFollowingThePrintedURL(server, environment: ["BROWSER": browser])
            #expect(login.status == 0, "\(login.stderr)")
            #expect(login.stderr.contains("failed (exit status 3)"))
            #expect(login.stderr.contains("Still waiting"))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func missingBrowserCommandIsReportedAndTheLoginKeepsWaiting() async throws {
        try await withSandbox(sandbox) { server in
            let login = try loginFollowingThePrintedURL(
                server, environment: ["BROWSER": cli.folder.path + "/no-such-browser"])
            #expect(login.status == 0, "\(login.stderr)")
            #expect(
                login.stderr.contains(
                    "The browser command '\(cli.folder.path)/no-such-browser' could not be started: not found."))
            #expect(login.stderr.contains("Could not start a browser"))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func timeoutMessageNamesTheLikelyCauses() async throws {
        try await withSandbox(sandbox) { server in
            let login = try cli.run(
                ["login", "--no-browser", "--callback-url", cli.callbackURL, "--timeout", "1"], sandbox: server)
            #expect(login.status == 1)
            #expect(login.stderr.contains("no callback arrived at \(cli.callbackURL) within 1 s. Likely causes:"))
            #expect(login.stderr.contains("redirect_uri"))
            #expect(login.stderr.contains("scope"))
        }
    }

    @Test func globalOptionsBeforeTheSubcommandAreAccepted() throws {
        let status = try cli.run(["--verbose", "--profile", "elsewhere", "status"])
        #expect(status.status == 4)
        #expect(status.stdout.hasPrefix("elsewhere: not logged in"))
        let token = try cli.run(["--profile=elsewhere", "token"], environment: ["CSM_AUTH_TOKEN": "env-token"])
        #expect(token.status == 0)
        #expect(token.stdout == "env-token\n")
    }

    @Test func mistypedSubcommandGetsASuggestion() throws {
        let result = try cli.run(["tokne"])
        #expect(result.status == 64)
        #expect(result.stderr == "csm-auth: unknown command 'tokne'; did you mean 'token'? (see `csm-auth --help`)\n")
        #expect(try cli.run(["stat"]).stderr.contains("did you mean 'status'"))
    }

    @Test func execTakesGlobalOptionsAndIsSuggested() throws {
        let exec = try cli.run(
            ["--profile", "elsewhere", "--verbose", "exec", "--", "true"], environment: ["CSM_AUTH_TOKEN": "t"])
        #expect(exec.status == 0, "\(exec.stderr)")
        #expect(try cli.run(["exe"]).stderr.contains("did you mean 'exec'"))
    }

    @Test func helpListsExamplesEnvironmentAndExitCodes() throws {
        let help = try cli.run(["--help"])
        #expect(help.status == 0)
        for section in ["EXAMPLES:", "ENVIRONMENT:", "EXIT CODES:", "CSM_AUTH_TOKEN", "CSM_AUTH_STORAGE", "NO_COLOR"] {
            #expect(help.stdout.contains(section), "\(section)")
        }
        let login = try cli.run(["login", "--help"])
        #expect(!login.stdout.contains("(default: 300.0)"))
    }

    @Test func statusOfAnUnknownProfileSaysSoOnce() throws {
        let status = try cli.run(["status"])
        #expect(status.status == 4)
        #expect(status.stdout == "\(cli.profile): not logged in: run `csm-auth login --profile \(cli.profile)`\n")
    }

    @Test func statusAllJSONWithNoProfilesIsAnEmptyArray() throws {
        let status = try cli.run(["status", "--all", "--json"])
        #expect(status.stdout == "[]\n")
    }

    @Test func statusShowsRelativeExpiryTimes() async throws {
        try await withSandbox(sandbox) { server in
            cli.extraEnvironment["BROWSER"] = try cli.script("browser", #"exec curl -sS -L -o /dev/null "$1""#)
            try #require(
                try cli.run(["login", "--callback-url", cli.callbackURL, "--timeout", "30"], sandbox: server).status
                    == 0)
            let status = try cli.run(["status"], sandbox: server)
            #expect(
                status.stdout.contains("access token: expires in 59 min")
                    || status.stdout.contains("access token: expires in 1 h"), "\(status.stdout)")
            #expect(
                status.stdout.contains("refresh token: expires in 89 days at the latest")
                    || status.stdout.contains("refresh token: expires in 90 days at the latest"), "\(status.stdout)")
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func apiEndsTheBodyWithANewlineAndReportsEachWait() async throws {
        try await withSandbox(SandboxConfiguration(autoApprove: true)) { server in
            server.setFaults(SandboxFaults(rateLimit: .init(count: 1, retryAfter: 1)))
            let result = try cli.run(
                ["api", "/api/v1/customer/nosuch"], sandbox: server,
                environment: ["CSM_AUTH_TOKEN": "not-valid", "CSM_AUTH_CLOUD_ID": server.sites[0].cloudID])
            #expect(result.stdout.hasSuffix("\n"))
            #expect(result.stderr.contains("HTTP 429: waiting 1.0 s as Retry-After asks (retry 1 of 3)"))
            // The summary starts a line of its own.
            #expect(
                result.stderr.split(separator: "\n").allSatisfy {
                    $0.hasPrefix("HTTP 429") || $0.hasPrefix("csm-auth: ")
                })
        }
    }

    @Test func apiIndentsJSONOnATerminalAndNotInAPipe() async throws {
        try await withSandbox(SandboxConfiguration(autoApprove: true)) { server in
            let environment = ["CSM_AUTH_TOKEN": "not-valid", "CSM_AUTH_CLOUD_ID": server.sites[0].cloudID]
            let piped = try cli.run(["api", "/api/v1/customer/nosuch"], sandbox: server, environment: environment)
            #expect(piped.stdout.split(separator: "\n").count == 1)
            let script = """
                import os, pty, sys
                pid, fd = pty.fork()
                if pid == 0:
                    os.execv(sys.argv[1], [sys.argv[1], "api", "/api/v1/customer/nosuch"])
                out = b""
                while True:
                    try:
                        chunk = os.read(fd, 4096)
                    except OSError:
                        break
                    if not chunk:
                        break
                    out += chunk
                os.waitpid(pid, 0)
                sys.stdout.write(out.decode())
                """
            var variables = cli.environment(sandbox: server)
            variables.merge(environment) { _, new in new }
            let terminal = try ChildProcess.run("python3", ["-c", script, CLIHarness.csmAuth], environment: variables)
            #expect(terminal.stdout.contains("{\r\n  \""), "\(terminal.stdout)")
        }
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func committedCompletionsMatchTheParser(shell: String) throws {
        let generated = try cli.run(["--generate-completion-script", shell])
        let file = ["bash": "csm-auth.bash", "zsh": "_csm-auth", "fish": "csm-auth.fish"][shell] ?? ""
        let committed = try String(
            contentsOf: ChildProcess.packageRoot.appending(path: "contrib/completions/\(file)"), encoding: .utf8)
        #expect(generated.stdout == committed, "contrib/completions/\(file) is stale: run scripts/generate-contrib")
    }

    @Test func committedManPageNamesEveryCommandAndOption() throws {
        let page = try String(
            contentsOf: ChildProcess.packageRoot.appending(path: "contrib/man/csm-auth.1"), encoding: .utf8)
        let dump = try cli.run(["--experimental-dump-help"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let command = try #require(root["command"] as? [String: Any])
        for sub in command["subcommands"] as? [[String: Any]] ?? [] {
            let name = sub["commandName"] as? String ?? ""
            if name == "help" { continue }
            #expect(page.contains(name), "the man page lacks \(name): run scripts/generate-contrib")
            for argument in sub["arguments"] as? [[String: Any]] ?? [] {
                for option in argument["names"] as? [[String: Any]] ?? [] where option["kind"] as? String == "long" {
                    let flag = option["name"] as? String ?? ""
                    if flag == "help" || flag == "version" { continue }
                    #expect(
                        page.contains("-\(flag)"), "the man page lacks \(name) --\(flag): run scripts/generate-contrib")
                }
            }
        }
    }

    @Test func demoKeepsTheTokenOutOfCommandLines() throws {
        let demo = try String(contentsOf: ChildProcess.packageRoot.appending(path: "scripts/demo"), encoding: .utf8)
        #expect(!demo.contains("-H \"Authorization: $"))
        #expect(demo.contains("header | curl -s -H @-"))
    }
}
