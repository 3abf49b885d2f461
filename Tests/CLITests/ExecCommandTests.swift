import CSMSandbox
import Foundation
import TestSupport
import Testing

/// What `exec`'s command gets from csm-auth: its caller's descriptors and environment, the
/// credential's variables, and nothing of csm-auth's own (descriptors, the client secret).
@Suite(.blocking) struct ExecCommandTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
    }

    @Test func execPassesTheCallersDescriptorsOn() async throws {
        // A token that expires within 60 s: every `exec` refreshes, so csm-auth has its lock
        // files, keyring connection and libcurl sockets open when it execs the command.
        let sandbox = SandboxConfiguration(clients: [cli.sandboxClient], autoApprove: true, accessTokenLifetime: 30)
        try await withSandbox(sandbox) { server in
            let login = try cli.browserLogin(server)
            try #require(login.status == 0, "\(login.stderr)")
            let out = cli.folder.path + "/out"
            // The caller opens 3 for the command, as `csm-auth exec -- cmd 3>file` does; the
            // command writes to it and lists what it has: what it has when the caller starts it itself.
            let run = try cli.shell(
                #"""
                exec 3>"$OUT.fd3"
                sh -c 'ls /proc/$$/fd' > "$OUT.direct"
                "$CSM" exec -- sh -c 'echo hi >&3; ls /proc/$$/fd' > "$OUT.command"
                """#,
                sandbox: server, environment: ["OUT": out])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(server.stats.refreshGrants == 1)
            #expect(try String(contentsOfFile: out + ".fd3", encoding: .utf8) == "hi\n")
            let direct = try String(contentsOfFile: out + ".direct", encoding: .utf8).split(separator: "\n").sorted()
            let command = try String(contentsOfFile: out + ".command", encoding: .utf8).split(separator: "\n").sorted()
            #expect(direct.contains("3"))
            // No descriptor of csm-auth's own (a lock file, a socket) reaches the command.
            #expect(command == direct)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func execCommandDoesNotGetTheClientSecret() throws {
        let show = #"printf '%s|%s' "${CSM_AUTH_CLIENT_SECRET-unset}" "${CSM_AUTH_TOKEN-unset}""#
        // The plain command line and the one argument-parser reads (`--verbose`) alike.
        for arguments in [["exec"], ["--verbose", "exec"]] {
            let run = try cli.run(
                arguments + ["--", "sh", "-c", show],
                environment: ["CSM_AUTH_TOKEN": "given-token", "CSM_AUTH_CLOUD_ID": "c1"])
            #expect(run.status == 0, "\(run.stderr)")
            // The secret is for `login` only; a token its caller set is handed on on purpose.
            #expect(run.stdout == "unset|given-token", "\(arguments)")
        }
        #expect(cli.environment(sandbox: nil)["CSM_AUTH_CLIENT_SECRET"] == cli.clientSecret)
    }
}
