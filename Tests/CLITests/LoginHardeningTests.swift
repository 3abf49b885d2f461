import CSMSandbox
import Foundation
import TestSupport
import Testing

/// The login under attack or failure: forged and stale callbacks, endless or silent paste input,
/// signals at a no-echo prompt, a configuration lock held elsewhere.
@Suite(.blocking) struct LoginHardeningTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
    }

    var sandbox: SandboxConfiguration {
        SandboxConfiguration(clients: [cli.sandboxClient], autoApprove: true)
    }

    @Test func forgedCallbackIsIgnoredAndTheRealOneCompletesTheLogin() async throws {
        try await withSandbox(sandbox) { server in
            let forgedPage = cli.folder.path + "/forged.html"
            // A web page fires a forged callback first; then the real browser comes back.
            cli.extraEnvironment["BROWSER"] = try cli.script(
                "browser",
                """
                curl -s -o '\(forgedPage)' -w '%{http_code}' '\(cli.callbackURL)?code=forged&state=not-this-login' > '\(forgedPage).status'
                exec curl -sS -L -o /dev/null "$1"
                """)
            let login = try cli.run(["login", "--callback-url", cli.callbackURL, "--timeout", "30"], sandbox: server)
            #expect(login.status == 0, "\(login.stderr)")
            #expect(try String(contentsOfFile: forgedPage + ".status", encoding: .utf8) == "400")
            #expect(
                try String(contentsOfFile: forgedPage, encoding: .utf8).contains(
                    "does not belong to the login in progress"))
            #expect(login.stderr.contains("ignored a login callback"))
            #expect(server.stats.authorizationCodeGrants == 1)
            #expect(try cli.run(["status"], sandbox: server).status == 0)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func staleCodeShowsTheFailureInTheBrowserAndExitsOne() async throws {
        try await withSandbox(sandbox) { server in
            let page = cli.folder.path + "/page.html"
            // The browser burns the code at the token endpoint before returning it: the login's exchange must fail.
            // It is handed the client secret here: the browser does not inherit it from csm-auth.
            cli.extraEnvironment["BROWSER"] = try cli.script(
                "browser",
                """
                authorize=$(curl -s -o /dev/null -w '%{redirect_url}' "$1")
                location=$(curl -s -o /dev/null -w '%{redirect_url}' "$authorize")
                code=$(printf '%s' "$location" | sed -n 's/.*[?&]code=\\([^&]*\\).*/\\1/p')
                curl -s -o /dev/null -H 'Content-Type: application/json' \\
                    -d "{\\"grant_type\\":\\"authorization_code\\",\\"client_id\\":\\"$CSM_AUTH_CLIENT_ID\\",\\"client_secret\\":\\"\(cli.clientSecret)\\",\\"code\\":\\"$code\\",\\"redirect_uri\\":\\"\(cli.callbackURL)\\"}" \\
                    '\(server.baseURL)/oauth/token'
                curl -s -o '\(page)' "$location" &
                """)
            let login = try cli.run(["login", "--callback-url", cli.callbackURL, "--timeout", "30"], sandbox: server)
            #expect(login.status == 1, "\(login.stderr)")
            #expect(login.stderr.contains("authorization code was refused"))
            #expect(login.stderr.contains("run `csm-auth login"))
            #expect(server.stats.authorizationCodeGrants == 2)
            // The page is written before the login exits; give curl a moment to save it.
            var html = ""
            for _ in 0..<50 where !html.contains("</html>") {
                html = (try? String(contentsOfFile: page, encoding: .utf8)) ?? ""
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(html.contains("Login failed"))
            #expect(!html.contains("You are logged in"))
            #expect(try cli.run(["status"], sandbox: server).status == 4)
        }
    }

    @Test func endlessPasteInputIsRefusedWithoutGrowing() throws {
        let result = try cli.shell(#"exec "$CSM" login --paste --callback-url http://127.0.0.1:1/callback </dev/zero"#)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("line longer than"))
    }

    @Test func pastedLineOneByteOverTheBoundIsRefused() throws {
        let line = String(repeating: "a", count: 16 * 1024 + 1)
        let result = try cli.run(
            ["login", "--paste", "--callback-url", "http://127.0.0.1:1/callback"], input: line + "\n")
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("longer than"))
    }

    @Test func silentPasteInputTimesOut() throws {
        let started = ContinuousClock.now
        // Standard input stays open and silent for 20 s; the login must give up after its 2 s. (The
        // sleeper closes every other descriptor, so it holds none of the test's pipes open.)
        let result = try cli.shell(
            #""$CSM" login --paste --callback-url http://127.0.0.1:1/callback --timeout 2 < <(exec 2>/dev/null; exec python3 -c 'import os, time; os.closerange(3, 4096); time.sleep(20)')"#,
            program: "/bin/bash")
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("no redirected URL was pasted within 2 s"))
        #expect(ContinuousClock.now - started < .seconds(15))
    }

    @Test(arguments: ["TERM", "INT", "HUP"])
    func signalAtANoEchoPromptRestoresTheTerminal(signal: String) throws {
        // A real pseudo-terminal: wait for the prompt, send the signal, read the terminal's flags.
        let script = """
            import os, pty, signal, sys, termios, time
            pid, fd = pty.fork()
            if pid == 0:
                os.execv(sys.argv[1], [sys.argv[1], "login", "--basic", "--site", "http://127.0.0.1:9", "--email", "a@example.com"])
            seen, deadline = b"", time.time() + 20
            while b"API token" not in seen and time.time() < deadline:
                try:
                    seen += os.read(fd, 1024)
                except OSError:
                    break
            echo_off = not (termios.tcgetattr(fd)[3] & termios.ECHO)
            os.kill(pid, signal.SIG\(signal))
            _, status = os.waitpid(pid, 0)
            echo_back = bool(termios.tcgetattr(fd)[3] & termios.ECHO)
            print(f"prompted={b'API token' in seen} echo_off_at_prompt={echo_off} echo_restored={echo_back} killed_by={os.WTERMSIG(status) if os.WIFSIGNALED(status) else None}")
            """
        let result = try ChildProcess.run(
            "python3", ["-c", script, CLIHarness.csmAuth], environment: cli.environment(sandbox: nil))
        #expect(result.status == 0, "\(result.stderr)")
        let number: Int32 = ["TERM": SIGTERM, "INT": SIGINT, "HUP": SIGHUP][signal] ?? 0
        #expect(result.stdout == "prompted=True echo_off_at_prompt=True echo_restored=True killed_by=\(number)\n")
    }

    @Test func anIgnoredHangUpAtANoEchoPromptStaysIgnored() throws {
        // Under nohup SIGHUP is ignored: the prompt must not turn it into the end of the process.
        let script = """
            import os, pty, signal, sys, termios, time
            pid, fd = pty.fork()
            if pid == 0:
                signal.signal(signal.SIGHUP, signal.SIG_IGN)
                os.execv(sys.argv[1], [sys.argv[1], "login", "--basic", "--site", "http://127.0.0.1:9", "--email", "a@example.com"])
            seen, deadline = b"", time.time() + 20
            while b"API token" not in seen and time.time() < deadline:
                try:
                    seen += os.read(fd, 1024)
                except OSError:
                    break
            os.kill(pid, signal.SIGHUP)
            time.sleep(0.5)
            alive = os.waitpid(pid, os.WNOHANG) == (0, 0)
            echo_still_off = not (termios.tcgetattr(fd)[3] & termios.ECHO)
            os.kill(pid, signal.SIGTERM)
            _, status = os.waitpid(pid, 0)
            echo_back = bool(termios.tcgetattr(fd)[3] & termios.ECHO)
            print(f"prompted={b'API token' in seen} alive_after_hup={alive} echo_off={echo_still_off} echo_restored={echo_back} killed_by={os.WTERMSIG(status) if os.WIFSIGNALED(status) else None}")
            """
        let result = try ChildProcess.run(
            "python3", ["-c", script, CLIHarness.csmAuth], environment: cli.environment(sandbox: nil))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout
                == "prompted=True alive_after_hup=True echo_off=True echo_restored=True killed_by=\(SIGTERM)\n")
    }

    @Test func heldConfigurationLockFailsTheLoginNamingTheHolderAndSavesNothing() async throws {
        try await withSandbox(sandbox) { server in
            let lockPath = cli.folder.path + "/config/config.lock"
            try FileManager.default.createDirectory(
                atPath: cli.folder.path + "/config", withIntermediateDirectories: true)
            chmod(cli.folder.path + "/config", 0o700)
            // Another program holds the lock for longer than csm-auth waits (one process, so
            // terminating it frees the lock and leaves nothing behind).
            let holder = Process()
            holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            holder.arguments = [
                "python3", "-c",
                "import fcntl, sys, time; f = open(sys.argv[1], 'w'); fcntl.flock(f, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(300)",
                lockPath,
            ]
            let ready = Pipe()
            holder.standardOutput = ready
            holder.standardError = FileHandle.nullDevice
            holder.standardInput = FileHandle.nullDevice
            try holder.run()
            // SIGKILL: a child started from a test thread inherits its blocked signals, SIGTERM included.
            defer { kill(holder.processIdentifier, SIGKILL) }
            #expect(String(decoding: ready.fileHandleForReading.availableData, as: UTF8.self).hasPrefix("locked"))
            let started = ContinuousClock.now
            let login = try cli.run(
                [
                    "login", "--basic", "--site", server.sites[0].url, "--email", SandboxUser.agent.email, "--storage",
                    "file",
                ], sandbox: server,
                input: SandboxUser.agent.apiToken + "\n")
            #expect(login.status == 1, "\(login.stderr)")
            #expect(login.stderr.contains("config.lock"))
            #expect(login.stderr.contains("by process \(holder.processIdentifier) (python3)"), "\(login.stderr)")
            #expect(ContinuousClock.now - started < .seconds(60))
            #expect(!FileManager.default.fileExists(atPath: cli.folder.path + "/config/config"))
            #expect(try cli.run(["token"], sandbox: server).status == 4)
            let logout = try cli.run(["logout"], sandbox: server)
            #expect(logout.status == 1)
        }
    }
}
