import Foundation
import Testing

@testable import CSMAuth

@Suite struct EnvironmentTests {
    @Test func defaultsAreAtlassians() throws {
        let environment = CSMAuthEnvironment(variables: ["HOME": "/home/u"])
        #expect(try environment.authURL(nil).absoluteString == "https://auth.atlassian.com")
        #expect(try environment.apiURL(nil).absoluteString == "https://api.atlassian.com")
        #expect(try environment.profileName(nil) == "default")
        #expect(environment.paths.configFile == "/home/u/.config/csm-auth/config")
        #expect(environment.paths.dataFolder == "/home/u/.local/share/csm-auth")
    }

    @Test func variablesOverrideTheProfile() throws {
        let environment = CSMAuthEnvironment(variables: [
            "CSM_AUTH_AUTH_URL": "http://127.0.0.1:9/", "CSM_AUTH_PROFILE": "work",
        ])
        #expect(
            try environment.authURL(ProfileSettings(authURL: "https://other.example")).absoluteString
                == "http://127.0.0.1:9")
        #expect(try environment.profileName(nil) == "work")
        #expect(try environment.profileName("flag") == "flag")
    }

    @Test func plainHTTPToARemoteHostIsRefused() {
        let environment = CSMAuthEnvironment(variables: ["CSM_AUTH_API_URL": "http://api.example.com"])
        let error = #expect(throws: CSMAuthError.self) { try environment.apiURL(nil) }
        #expect(error?.category == .usage)
    }

    @Test func theToolIsNamedAfterTheRunningProgram() {
        #expect(CSMAuthEnvironment(variables: [:]).toolName == CSMAuthEnvironment.programName)
        #expect(CSMAuthEnvironment(variables: [:], toolName: "crm-sync").toolName == "crm-sync")
        #expect(CSMAuthEnvironment.programName == CommandLine.arguments[0].split(separator: "/").last.map(String.init))
        #expect(
            CSMAuthEnvironment.programName(arguments: ["/usr/local/bin/crm-sync", "login"], executable: nil)
                == "crm-sync")
        #expect(CSMAuthEnvironment.programName(arguments: ["crm-sync"], executable: "/opt/x/real") == "crm-sync")
    }

    @Test func anUnusableProgramNameFallsBackToTheExecutableThenToCSMAuth() {
        #expect(CSMAuthEnvironment.programName(arguments: [], executable: "/opt/tools/crm-sync") == "crm-sync")
        #expect(CSMAuthEnvironment.programName(arguments: [""], executable: "/opt/tools/crm-sync") == "crm-sync")
        #expect(CSMAuthEnvironment.programName(arguments: ["-bash"], executable: nil) == "csm-auth")
        #expect(CSMAuthEnvironment.programName(arguments: ["bad\u{1B}[31mname"], executable: nil) == "csm-auth")
        #expect(CSMAuthEnvironment.programName(arguments: ["two words"], executable: "/") == "csm-auth")
    }

    @Test func aProgramNameThatWouldGarbleAHintIsPassedOver() {
        let executable = "/opt/tools/crm-sync"
        #expect(CSMAuthEnvironment.programName(arguments: ["crm\u{85}sync"], executable: executable) == "crm-sync")
        #expect(CSMAuthEnvironment.programName(arguments: ["x\u{202E}y"], executable: executable) == "crm-sync")
        #expect(CSMAuthEnvironment.programName(arguments: ["tool\u{200B}"], executable: executable) == "crm-sync")
        #expect(
            CSMAuthEnvironment.programName(arguments: [String(repeating: "a", count: 65)], executable: executable)
                == "crm-sync")
        #expect(CSMAuthEnvironment.programName(arguments: ["my_tool+2.1"], executable: executable) == "my_tool+2.1")
    }

    @Test func changingTheVariablesMovesThePaths() {
        var environment = CSMAuthEnvironment(variables: ["HOME": "/home/u"])
        environment.variables["CSM_AUTH_CONFIG_DIR"] = "/elsewhere"
        #expect(environment.paths.configFile == "/elsewhere/config")
        environment.variables = ["HOME": "/home/v"]
        #expect(environment.paths.dataFolder == "/home/v/.local/share/csm-auth")
    }

    @Test func customStorageIsRefusedFromTheVariable() {
        let environment = CSMAuthEnvironment(variables: ["CSM_AUTH_STORAGE": "custom"], customStore: MemoryStore())
        let error = #expect(throws: CSMAuthError.self) { try environment.storage(of: nil) }
        #expect(error?.code == .invalidInput)
    }

    @Test func withoutACustomStoreTheCustomKindIsUnavailable() async {
        let store = CSMAuthEnvironment(variables: [:]).credentialStore(.custom)
        let error = await #expect(throws: CredentialStoreError.self) { try await store.load(profile: "p") }
        #expect(error?.code == .unavailable)
        #expect(error?.category == .storeUnavailable)
    }

    @Test func theCustomKindIsTheProgramsStore() async throws {
        let memory = MemoryStore()
        try await memory.save(StoredCredentials(apiToken: Secret("t")), profile: "p", label: "l")
        let store = CSMAuthEnvironment(variables: [:], customStore: memory).credentialStore(.custom)
        #expect(try await store.load(profile: "p")?.apiToken == Secret("t"))
    }

    @Test func unknownStorageVariableIsRefused() {
        let environment = CSMAuthEnvironment(variables: ["CSM_AUTH_STORAGE": "memory"])
        #expect(throws: CSMAuthError.self) { try environment.storage(of: nil) }
    }

    @Test func existingProfileKeepsItsStorage() throws {
        let environment = CSMAuthEnvironment(variables: ["CSM_AUTH_STORAGE": "file"])
        #expect(try environment.storage(of: ProfileSettings(storage: .keyring)) == .keyring)
        #expect(try environment.storageForLogin(flag: nil, existing: ProfileSettings(storage: .keyring)) == .file)
        #expect(try environment.storageForLogin(flag: .keyring, existing: nil) == .keyring)
    }

    @Test func credentialVariablesRenderForEveryShell() {
        let credential = Credential(
            scheme: .bearer, token: Secret("to'k"), expiresAt: nil, cloudID: "c1",
            apiURL: URL(string: "https://api.atlassian.com")!)
        let variables = CredentialVariables(credential)
        #expect(variables.rendered(.sh).contains("export CSM_ACCESS_TOKEN='to'\\''k'"))
        #expect(
            variables.rendered(.sh).contains(
                "export CSM_API_BASE_URL='https://api.atlassian.com/jsm/csm/cloudid/c1/api/v1'"))
        #expect(variables.rendered(.fish).contains("set -gx CSM_ACCESS_TOKEN 'to\\'k';"))
        #expect(variables.rendered(.dotenv).contains("CSM_CLOUD_ID='c1'"))
        #expect(variables.rendered(.json).contains("\"CSM_AUTHORIZATION\" : \"Bearer to'k\""))
    }
}
