import CSMSandbox
import Foundation
import TestSupport
import Testing

/// A refresh still waiting on the server while the profile is logged in again or logged out:
/// however it ends, it must not undo the newer login nor write secrets back after the logout.
@Suite(.blocking) struct RefreshInFlightTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
    }

    var credentialsFile: String { cli.folder.path + "/data/csm-auth/credentials/\(cli.profile).json" }

    func login(_ server: SandboxServer) throws -> ChildProcess.Result {
        cli.extraEnvironment["BROWSER"] = try cli.script("browser", #"exec curl -sS -L -o /dev/null "$1""#)
        return try cli.run(
            ["login", "--storage", "file", "--callback-url", cli.callbackURL, "--timeout", "30"], sandbox: server)
    }

    /// Starts `csm-auth ARGS` and returns it running.
    func start(_ arguments: [String], server: SandboxServer) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIHarness.csmAuth)
        process.arguments = arguments
        process.environment = cli.environment(sandbox: server)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func refreshInFlightCannotOverwriteANewLogin() async throws {
        let sandbox = SandboxConfiguration(clients: [cli.sandboxClient], autoApprove: true)
        try await withSandbox(sandbox) { server in
            try #require(try login(server).status == 0)
            server.revokeAllGrants()
            // The refresh holds the profile's lock while the (slow) server answers invalid_grant.
            server.setFaults(SandboxFaults(delay: 2))
            let refresh = try start(["refresh"], server: server)
            try await Task.sleep(for: .milliseconds(700))
            server.setFaults(.none)
            let relogin = try login(server)
            #expect(relogin.status == 0, "\(relogin.stderr)")
            refresh.waitUntilExit()
            #expect(refresh.terminationStatus == 4)
            // The new login survived the old refresh's failure.
            let token = try cli.run(["token"], sandbox: server)
            #expect(token.status == 0, "\(token.stderr)")
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func refreshInFlightCannotWriteSecretsBackAfterALogout() async throws {
        let sandbox = SandboxConfiguration(clients: [cli.sandboxClient], autoApprove: true)
        try await withSandbox(sandbox) { server in
            try #require(try login(server).status == 0)
            server.setFaults(SandboxFaults(delay: 2))
            let refresh = try start(["refresh"], server: server)
            try await Task.sleep(for: .milliseconds(700))
            let logout = try cli.run(["logout"], sandbox: server)
            #expect(logout.status == 0, "\(logout.stderr)")
            refresh.waitUntilExit()
            #expect(!FileManager.default.fileExists(atPath: credentialsFile))
            #expect(try cli.run(["status"], sandbox: server).status == 4)
        }
    }
}
