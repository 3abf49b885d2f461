import CSMSandbox
import Foundation
import TestSupport
import Testing

/// The configuration file decides where refresh tokens and client secrets go, so csm-auth trusts
/// it only as OpenSSH trusts ~/.ssh/config: the user's own, writable by nobody else, no symlink.
@Suite(.blocking) struct ConfigTrustTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
    }

    var configFolder: String { cli.folder.path + "/config" }
    var configFile: String { configFolder + "/config" }

    /// Writes a profile whose endpoints are `server`, as a hostile editor of the file would.
    func writeConfig(pointingAt server: SandboxServer, mode: mode_t = 0o600) throws {
        try FileManager.default.createDirectory(
            atPath: configFolder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let text = """
            [\(cli.profile)]
            auth = oauth
            storage = file
            client_id = \(cli.clientID)
            auth_url = \(server.baseURL)
            api_url = \(server.baseURL)
            """
        try text.write(toFile: configFile, atomically: false, encoding: .utf8)
        chmod(configFile, mode)
    }

    /// `token` without the endpoint variables, so only the file could send it anywhere.
    func token(_ server: SandboxServer) throws -> ChildProcess.Result {
        try cli.run(["token"], environment: ["CSM_AUTH_AUTH_URL": nil, "CSM_AUTH_API_URL": nil])
    }

    func expectRefusedBeforeAnyNetworkUse(
        _ result: ChildProcess.Result, _ server: SandboxServer, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.status == 1, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(
            result.stderr.hasPrefix("csm-auth: refusing to use the "), "\(result.stderr)",
            sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").count == 1, sourceLocation: sourceLocation)
        #expect(server.stats == SandboxStats(), "the sandbox was contacted", sourceLocation: sourceLocation)
    }

    @Test func groupWritableConfigIsRefusedBeforeAnyNetworkUse() async throws {
        try await withSandbox(SandboxConfiguration()) { server in
            try writeConfig(pointingAt: server, mode: 0o660)
            let result = try token(server)
            expectRefusedBeforeAnyNetworkUse(result, server)
            #expect(result.stderr.contains("chmod go-w \(configFile)"))
        }
    }

    @Test func otherWritableConfigIsRefused() async throws {
        try await withSandbox(SandboxConfiguration()) { server in
            try writeConfig(pointingAt: server, mode: 0o602)
            expectRefusedBeforeAnyNetworkUse(try token(server), server)
        }
    }

    @Test func symlinkedConfigIsRefused() async throws {
        try await withSandbox(SandboxConfiguration()) { server in
            try writeConfig(pointingAt: server)
            let elsewhere = cli.folder.path + "/planted-config"
            try FileManager.default.moveItem(atPath: configFile, toPath: elsewhere)
            try FileManager.default.createSymbolicLink(atPath: configFile, withDestinationPath: elsewhere)
            let result = try token(server)
            expectRefusedBeforeAnyNetworkUse(result, server)
            #expect(result.stderr.contains("symbolic link"))
        }
    }

    @Test func writableConfigFolderIsRefused() async throws {
        try await withSandbox(SandboxConfiguration()) { server in
            try writeConfig(pointingAt: server)
            chmod(configFolder, 0o777)
            let result = try token(server)
            expectRefusedBeforeAnyNetworkUse(result, server)
            #expect(result.stderr.contains("chmod go-w \((configFolder as NSString).standardizingPath)`"))
        }
    }

    @Test(.enabled(if: geteuid() == 0, "changing a file's owner needs root"))
    func configOwnedByAnotherUserIsRefused() async throws {
        try await withSandbox(SandboxConfiguration()) { server in
            try writeConfig(pointingAt: server)
            chown(configFile, 65534, 65534)
            let result = try token(server)
            expectRefusedBeforeAnyNetworkUse(result, server)
            #expect(result.stderr.contains("belongs to user 65534"))
        }
    }

    @Test func configThatIsAFIFOIsRefusedWithoutHanging() async throws {
        try await withSandbox(SandboxConfiguration()) { server in
            try FileManager.default.createDirectory(atPath: configFolder, withIntermediateDirectories: true)
            chmod(configFolder, 0o700)
            mkfifo(configFile, 0o600)
            let result = try token(server)
            expectRefusedBeforeAnyNetworkUse(result, server)
            #expect(result.stderr.contains("not a regular file"))
        }
    }

    @Test func privateConfigIsStillUsed() async throws {
        try await withSandbox(SandboxConfiguration()) { server in
            try writeConfig(pointingAt: server)
            let result = try token(server)
            // Trusted: read, and the profile merely has no secrets yet.
            #expect(result.status == 4, "\(result.stderr)")
            #expect(result.stderr.contains("no stored credentials"))
        }
    }

    @Test func configFolderModeIsLeftAlone() async throws {
        try await withSandbox(SandboxConfiguration()) { server in
            let folder = cli.folder.path + "/shared-config"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            chmod(folder, 0o755)
            let login = try cli.run(
                [
                    "login", "--basic", "--storage", "file", "--site", server.sites[0].url, "--email",
                    SandboxUser.agent.email,
                ], sandbox: server,
                environment: ["CSM_AUTH_CONFIG_DIR": folder], input: SandboxUser.agent.apiToken + "\n")
            #expect(login.status == 0, "\(login.stderr)")
            _ = try cli.run(["logout"], sandbox: server, environment: ["CSM_AUTH_CONFIG_DIR": folder])
            #expect(try cli.folder.mode(of: folder) == 0o755)
        }
    }
}
