import CSMSandbox
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A login against another local user who watches it: the browser's command line (readable by
/// every user in `/proc/PID/cmdline`) carries no `state`, and the listener serves no connection
/// that another user's process makes (docs/security.md, "A local snooper and your login").
@Suite(.blocking) struct LoginSnooperTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
    }

    var sandbox: SandboxConfiguration {
        SandboxConfiguration(clients: [cli.sandboxClient], autoApprove: true)
    }

    @Test func theBrowserCommandLineCarriesNoState() async throws {
        try await withSandbox(sandbox) { server in
            let argv = cli.folder.path + "/browser-argv"
            cli.extraEnvironment["BROWSER"] = try cli.script(
                "browser",
                """
                printf '%s\\n' "$@" > '\(argv)'
                exec curl -sS -L -o /dev/null "$1"
                """)
            let login = try cli.run(["login", "--callback-url", cli.callbackURL, "--timeout", "30"], sandbox: server)
            #expect(login.status == 0, "\(login.stderr)")
            let arguments = try String(contentsOfFile: argv, encoding: .utf8)
            #expect(!arguments.contains("state="))
            #expect(!arguments.contains("/authorize"))
            #expect(arguments.hasPrefix("http://127.0.0.1:\(cli.callbackPort)/start/"))
            // The person can still open the whole authorization URL by hand: it is printed.
            #expect(login.stderr.contains("/authorize?") && login.stderr.contains("state="))
            #expect(server.stats.authorizationCodeGrants == 1)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    /// `nobody` tries the browser's start link and the callback before the browser does: neither
    /// gets an answer, and the login goes on to take the browser's own callback.
    @Test(.enabled(if: geteuid() == 0, "needs root, to run curl as another user with setpriv (CI runs as root)"))
    func aConnectionFromAnotherUserIsRefusedAndTheLoginGoesOn() async throws {
        try await withSandbox(sandbox) { server in
            let folder = cli.folder.path
            let asNobody = "setpriv --reuid=65534 --regid=65534 --clear-groups curl --noproxy '*' -s -o /dev/null"
            cli.extraEnvironment["BROWSER"] = try cli.script(
                "browser",
                """
                \(asNobody) -L -w '%{http_code}' "$1" > '\(folder)/nobody-start'
                \(asNobody) -w '%{http_code}' '\(cli.callbackURL)?code=attacker&state=guessed' > '\(folder)/nobody-callback'
                exec curl --noproxy '*' -sS -L -o '\(folder)/page' -w '%{http_code}' "$1" > '\(folder)/browser'
                """)
            let login = try cli.run(
                ["login", "--verbose", "--callback-url", cli.callbackURL, "--timeout", "30"], sandbox: server)
            #expect(login.status == 0, "\(login.stderr)")
            #expect(try String(contentsOfFile: folder + "/nobody-start", encoding: .utf8) == "000")
            #expect(try String(contentsOfFile: folder + "/nobody-callback", encoding: .utf8) == "000")
            // Found by the kernel's exact lookup, not the /proc tables' fallback.
            #expect(
                login.stderr.contains(
                    "refused a connection to the login listener from another user (uid 65534), per netlink sock_diag"))
            // The browser's own login is the one that counted.
            for _ in 0..<50 where ((try? String(contentsOfFile: folder + "/browser", encoding: .utf8)) ?? "").isEmpty {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(try String(contentsOfFile: folder + "/browser", encoding: .utf8) == "200")
            #expect(try String(contentsOfFile: folder + "/page", encoding: .utf8).contains("You are logged in"))
            #expect(server.stats.authorizationCodeGrants == 1)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }
}
