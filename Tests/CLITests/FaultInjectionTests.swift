import CSMSandbox
import Foundation
import TestSupport
import Testing

/// Faults injected into the real components: a stopped keyring daemon, a dropped token answer,
/// a full disk, a missing or shared runtime folder. Each must end in one clear line and lose nothing.
@Suite(.blocking) struct FaultInjectionTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
    }

    func login(_ server: SandboxServer, _ extra: [String] = []) throws {
        cli.extraEnvironment["BROWSER"] = try cli.script("browser", #"exec curl -sS -L -o /dev/null "$1""#)
        let login = try cli.run(
            ["login", "--callback-url", cli.callbackURL, "--timeout", "30"] + extra, sandbox: server)
        try #require(login.status == 0, "\(login.stderr)")
    }

    @Test func stoppedKeyringDaemonIsReportedWithinTheBound() throws {
        // A keyring of its own (scripts/with-keyring), so stopping it disturbs no other test.
        try FileManager.default.createDirectory(atPath: cli.folder.path + "/config", withIntermediateDirectories: true)
        chmod(cli.folder.path + "/config", 0o700)
        try "[\(cli.profile)]\nauth = oauth\nstorage = keyring\nclient_id = x\n".write(
            toFile: cli.folder.path + "/config/config", atomically: true, encoding: .utf8)
        let script = """
            for pid in $(pgrep -x gnome-keyring-d); do
                if tr '\\0' '\\n' < /proc/$pid/environ 2>/dev/null | grep -qx "XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR"; then stopped=$pid; kill -STOP $pid; fi
            done
            [ -n "$stopped" ] || { echo "no keyring daemon of this session" >&2; exit 99; }
            start=$(date +%s%N)
            "$CSM" token; status=$?
            end=$(date +%s%N)
            kill -CONT $stopped
            echo "status=$status ms=$(( (end - start) / 1000000 ))"
            """
        let result = try cli.shell(
            "exec '\(ChildProcess.packageRoot.path)/scripts/with-keyring' sh -c '\(script.replacingOccurrences(of: "'", with: "'\\''"))'",
            environment: ["CSM_AUTH_KEYRING_TIMEOUT": "2"])
        let summary = try #require(result.stdout.split(separator: "\n").last.map(String.init), "\(result.stderr)")
        #expect(summary.hasPrefix("status=5 "), "\(result.stdout) \(result.stderr)")
        let milliseconds = Int(summary.split(separator: "=").last ?? "") ?? .max
        #expect(milliseconds < 8000, "took \(milliseconds) ms")
        #expect(result.stderr.contains("did not answer within 2 s"))
    }

    @Test func droppedRefreshAnswerIsRecoveredWithinTheReuseInterval() async throws {
        let sandbox = SandboxConfiguration(
            clients: [cli.sandboxClient], autoApprove: true, accessTokenLifetime: 30, reuseInterval: 600)
        try await withSandbox(sandbox) { server in
            try login(server)
            // The server rotates the refresh token, but the answer never arrives.
            server.setFaults(SandboxFaults(tokenEndpoint: .dropAfterRefresh))
            let dropped = try cli.run(["refresh"], sandbox: server)
            #expect(dropped.status == 1, "\(dropped.stderr)")
            #expect(server.stats.refreshGrants == 1)
            server.setFaults(.none)
            // The stored (old) refresh token is still inside the reuse interval: the next call recovers.
            let recovered = try cli.run(["token"], sandbox: server)
            #expect(recovered.status == 0, "\(recovered.stderr)")
            #expect(server.stats.refreshGrants == 2)
            // And the chain it stored works on: no revocation, no error.
            let again = try cli.run(["refresh"], sandbox: server)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(server.stats.tokenErrors == 0)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func missingRuntimeFolderFallsBackToTheStateFolder() async throws {
        let sandbox = SandboxConfiguration(clients: [cli.sandboxClient], autoApprove: true, accessTokenLifetime: 30)
        try await withSandbox(sandbox) { server in
            try login(server)
            let token = try cli.run(
                ["token"], sandbox: server, environment: ["XDG_RUNTIME_DIR": cli.folder.path + "/no-such-runtime"])
            #expect(token.status == 0, "\(token.stderr)")
            #expect(!FileManager.default.fileExists(atPath: cli.folder.path + "/no-such-runtime"))
            #expect(
                FileManager.default.fileExists(
                    atPath: cli.folder.path + "/home/.local/state/csm-auth/\(cli.profile).lock"))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func sharedRuntimeFolderIsNotUsedForLocks() async throws {
        let sandbox = SandboxConfiguration(clients: [cli.sandboxClient], autoApprove: true, accessTokenLifetime: 30)
        try await withSandbox(sandbox) { server in
            try login(server)
            // A world-writable runtime folder where someone planted csm-auth as a link to their own folder.
            let shared = cli.folder.path + "/shared-runtime"
            let planted = cli.folder.path + "/attacker"
            try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: planted, withIntermediateDirectories: true)
            chmod(shared, 0o777)
            chmod(planted, 0o777)
            try FileManager.default.createSymbolicLink(atPath: shared + "/csm-auth", withDestinationPath: planted)
            let token = try cli.run(["token"], sandbox: server, environment: ["XDG_RUNTIME_DIR": shared])
            #expect(token.status == 0, "\(token.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: planted).isEmpty)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test(.enabled(if: geteuid() == 0, "mounting a small tmpfs needs root"))
    func fullDiskLosesNeitherTheStoredTokenNorTheConfiguration() async throws {
        try await withSandbox(SandboxConfiguration()) { server in
            let disk = cli.folder.path + "/disk"
            try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
            let mount = try ChildProcess.run("mount", ["-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", disk])
            try #require(mount.status == 0, "\(mount.stderr)")
            defer { _ = try? ChildProcess.run("umount", ["-l", disk]) }
            let onDisk: [String: String?] = ["XDG_DATA_HOME": disk + "/data", "CSM_AUTH_CONFIG_DIR": disk + "/config"]
            let basic = [
                "login", "--basic", "--site", server.sites[0].url, "--email", SandboxUser.agent.email, "--storage",
                "file",
            ]
            let first = try cli.run(
                basic, sandbox: server, environment: onDisk, input: SandboxUser.agent.apiToken + "\n")
            try #require(first.status == 0, "\(first.stderr)")
            let configBefore = try String(contentsOfFile: disk + "/config/config", encoding: .utf8)
            // Fill the disk to the last block.
            _ = try ChildProcess.run("sh", ["-c", "cat /dev/zero > '\(disk)/filler' 2>/dev/null; true"])
            // A second login with a (valid) new token: checked, then refused by the full disk.
            var secondBasic = basic
            secondBasic[5] = SandboxUser.jiraAdministrator.email
            let second = try cli.run(
                secondBasic, sandbox: server, environment: onDisk, input: SandboxUser.jiraAdministrator.apiToken + "\n")
            #expect(second.status == 5, "\(second.stderr)")
            #expect(second.stderr.contains("No space left on device"))
            // The file the user knows, not the temporary one beside it.
            #expect(second.stderr.contains("cannot write \(disk)/data/csm-auth/credentials/\(cli.profile).json: "))
            #expect(second.stderr.split(separator: "\n").count == 1)
            #expect(
                try cli.run(["token"], sandbox: server, environment: onDisk).stdout == SandboxUser.agent.apiToken + "\n"
            )
            #expect(try String(contentsOfFile: disk + "/config/config", encoding: .utf8) == configBefore)
            // No half-written temporary file is left to fill the disk further.
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: disk + "/data/csm-auth").allSatisfy {
                    !$0.hasSuffix(".tmp")
                })
        }
    }

    @Test(.enabled(if: geteuid() == 0, "mounting a small tmpfs needs root"))
    func aFullDiskForTheSettingsIsOneLineAndAFailure() async throws {
        try await withSandbox(SandboxConfiguration()) { server in
            let disk = cli.folder.path + "/disk"
            try FileManager.default.createDirectory(atPath: disk + "/config", withIntermediateDirectories: true)
            let mount = try ChildProcess.run("mount", ["-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", disk])
            try #require(mount.status == 0, "\(mount.stderr)")
            defer { _ = try? ChildProcess.run("umount", ["-l", disk]) }
            try FileManager.default.createDirectory(atPath: disk + "/config", withIntermediateDirectories: true)
            _ = try ChildProcess.run("sh", ["-c", "cat /dev/zero > '\(disk)/filler' 2>/dev/null; true"])
            // The settings go to the full disk, the credential file elsewhere: only the settings fail.
            let login = try cli.run(
                [
                    "login", "--basic", "--site", server.sites[0].url, "--email", SandboxUser.agent.email, "--storage",
                    "file",
                ],
                sandbox: server, environment: ["CSM_AUTH_CONFIG_DIR": disk + "/config"],
                input: SandboxUser.agent.apiToken + "\n")
            // The settings are not the credential store: a failure (1), not "store unavailable" (5).
            #expect(login.status == 1, "\(login.stderr)")
            #expect(login.stderr == "csm-auth: cannot write \(disk)/config/config: No space left on device\n")
            // The new secrets do not outlive the settings that could not be written.
            #expect(
                !FileManager.default.fileExists(
                    atPath: cli.folder.path + "/data/csm-auth/credentials/\(cli.profile).json"))
        }
    }
}
