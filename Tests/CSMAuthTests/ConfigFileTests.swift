import Foundation
import TestSupport
import Testing

@testable import CSMAuth

@Suite struct ConfigFileTests {
    @Test func roundTripsProfilesThroughText() throws {
        var config = ConfigFile()
        config.profiles["default"] = ProfileSettings(
            clientID: "abc", cloudID: "c-1", siteURL: "https://acme.atlassian.net", siteName: "Acme",
            scopes: ["offline_access", "read:customer:jira-service-management"],
            callbackURL: "http://localhost:8976/callback"
        )
        config.profiles["bot"] = ProfileSettings(
            auth: .basic, storage: .file, email: "bot@example.com", otherKeys: ["note": "kept"])
        let parsed = try ConfigFile.parse(config.rendered(), path: "config")
        #expect(parsed == config)
    }

    @Test func readsHandWrittenFilesWithComments() throws {
        let text = """
            # mine
            [work]
            ; a comment
              client_id = xyz
            scopes = a b  c
            """
        let config = try ConfigFile.parse(text, path: "config")
        #expect(config.profiles["work"]?.clientID == "xyz")
        #expect(config.profiles["work"]?.scopes == ["a", "b", "c"])
        #expect(config.profiles["work"]?.auth == .oauth)
    }

    @Test func keyOutsideAProfileIsRejected() {
        #expect(throws: CSMAuthError.self) { try ConfigFile.parse("client_id = x\n", path: "config") }
    }

    @Test func lineWithoutEqualsIsRejected() {
        let error = #expect(throws: CSMAuthError.self) { try ConfigFile.parse("[a]\nnonsense\n", path: "cfg") }
        #expect(error?.message.contains("cfg:2") == true)
    }

    @Test func unknownStorageKindIsRejected() {
        #expect(throws: CSMAuthError.self) { try ConfigFile.parse("[a]\nstorage = cloud\n", path: "config") }
    }

    @Test func memoryStorageIsRejected() {
        // A profile "stored" in process memory could never be read back by the next command.
        #expect(throws: CSMAuthError.self) { try ConfigFile.parse("[a]\nstorage = memory\n", path: "config") }
    }

    /// One bad value makes every profile of the file unusable, so the message must say where it is
    /// and what to write instead (as it did before `custom` replaced `memory`).
    @Test func anInvalidValueNamesTheFileAndTheValuesAllowed() {
        let storage = #expect(throws: CSMAuthError.self) {
            try ConfigFile.parse("[a]\nstorage = memory\n", path: "/home/u/.config/csm-auth/config")
        }
        #expect(storage?.message.contains("/home/u/.config/csm-auth/config") == true, "\(storage?.message ?? "")")
        #expect(storage?.message.contains("keyring, file or etcd") == true, "\(storage?.message ?? "")")
        let auth = #expect(throws: CSMAuthError.self) { try ConfigFile.parse("[a]\nauth = saml\n", path: "cfg") }
        #expect(auth?.message.contains("oauth, basic or client-credentials") == true, "\(auth?.message ?? "")")
    }

    @Test func pathTraversalProfileNameIsRejected() throws {
        #expect(throws: CSMAuthError.self) { try ConfigFile.parse("[../../etc]\n", path: "config") }
        #expect(throws: CSMAuthError.self) { try ProfileName.validated("../x") }
        #expect(throws: CSMAuthError.self) { try ProfileName.validated("") }
        #expect(try ProfileName.validated("work-2.eu_1") == "work-2.eu_1")
    }

    @Test func savesA0600File() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/config/csm-auth/config"
        try ConfigFile(profiles: ["a": ProfileSettings(clientID: "x")]).save(to: path)
        #expect(try folder.mode(of: path) == 0o600)
        #expect(try ConfigFile.load(from: path).profiles["a"]?.clientID == "x")
    }

    @Test func concurrentUpdatesOfDifferentProfilesAreAllKept() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/config"
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<16 {
                group.addTask {
                    try? await ConfigFile.update(at: path) {
                        $0.profiles["p\(index)"] = ProfileSettings(clientID: "c\(index)")
                    }
                }
            }
        }
        let config = try ConfigFile.load(from: path)
        #expect(config.profiles.count == 16)
        #expect(config.profiles["p7"]?.clientID == "c7")
    }

    @Test func missingFileIsAnEmptyConfiguration() throws {
        #expect(try ConfigFile.load(from: "/nonexistent/csm-auth/config").profiles.isEmpty)
    }
}
