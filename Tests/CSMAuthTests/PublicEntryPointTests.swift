import CSMAPI
import CSMAuth
import CSMSandbox
import Foundation
import TestSupport
import Testing

/// What the public entry points refuse.
@Suite(.waiting) struct PublicEntryPointTests {
    @Test(arguments: ["../escape", "", "a b", String(repeating: "p", count: 65)])
    func profilesRefuseAnInvalidName(_ name: String) async throws {
        let folder = try TemporaryFolder()
        let profiles = Profiles(
            environment: CSMAuthEnvironment(variables: ["HOME": folder.path, "CSM_AUTH_KERNEL_CACHE": "0"]))
        let save = await #expect(throws: CSMAuthError.self) { try await profiles.save(ProfileSettings(), as: name) }
        #expect(save?.code == .invalidInput)
        await #expect(throws: CSMAuthError.self) { try await profiles.logout(name) }
        await #expect(throws: CSMAuthError.self) { try await profiles.remove(name) }
        #expect(!FileManager.default.fileExists(atPath: profiles.environment.paths.configFile))
    }

    @Test func aSessionRefusesAnInvalidProfileName() async throws {
        let folder = try TemporaryFolder()
        let session = AuthSession(
            profile: "../x",
            environment: CSMAuthEnvironment(variables: ["HOME": folder.path, "CSM_AUTH_KERNEL_CACHE": "0"]))
        let error = await #expect(throws: CSMAuthError.self) { try await session.accessToken() }
        #expect(error?.code == .invalidInput)
    }

    /// With the kernel cache on (the default), a cache miss takes the profile's lock before the
    /// store is read: an invalid name must be refused before that, or `../` in it reaches outside
    /// the lock folder (creating folders, setting their mode to 0700, leaving a lock file).
    @Test func aSessionRefusesAnInvalidProfileNameBeforeTakingALock() async throws {
        let folder = try TemporaryFolder()
        let runtime = folder.path + "/runtime"
        try FileManager.default.createDirectory(
            atPath: runtime, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let environment = CSMAuthEnvironment(variables: ["HOME": folder.path, "XDG_RUNTIME_DIR": runtime])
        #expect(environment.paths.lockFolder == runtime + "/csm-auth")
        let session = AuthSession(profile: "../../outside/x", environment: environment)
        let error = await #expect(throws: CSMAuthError.self) { try await session.credential() }
        #expect(error?.code == .invalidInput)
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/outside"))
    }

    @Test func aLoginRefusesAnInvalidProfileNameBeforeAnythingElse() async throws {
        try await LoginHome.with { home in
            var request = home.request(mode: .paste)
            request.profile = "bad/name"
            let interaction = ScriptedInteraction(paste: .none)
            let error = await #expect(throws: CSMAuthError.self) {
                try await home.flow.run(request, interaction: interaction)
            }
            #expect(error?.code == .invalidInput)
            #expect(interaction.events.isEmpty)
            #expect(home.sandbox.stats == SandboxStats())
        }
    }

    @Test func aClientWithAFixedCredentialNamesItsToolInHints() async throws {
        let credential = Credential(
            scheme: .bearer, token: Secret("t"), expiresAt: nil, cloudID: nil,
            apiURL: URL(string: "https://api.example")!)
        var client = CSMClient(source: .fixed(credential))
        client.toolName = "my-tool"
        let error = await #expect(throws: CSMAuthError.self) {
            try await client.send(method: "GET", path: "organization/1")
        }
        #expect(error?.code == .noSiteSelected)
        #expect(error?.message.contains("run `my-tool sites --select SITE`") == true)
    }
}
