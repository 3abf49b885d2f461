import Foundation
import TestSupport
import Testing

@testable import CSMAuth

@Suite struct FileStoreTests {
    let folder: TemporaryFolder
    let store: FileStore
    let credentials = StoredCredentials(
        clientSecret: Secret("client-secret"), accessToken: Secret("access-1"),
        accessTokenExpiresAt: Date(timeIntervalSince1970: 1_800_000_000), refreshToken: Secret("refresh-1")
    )

    init() throws {
        folder = try TemporaryFolder()
        store = FileStore(folder: folder.path + "/data/csm-auth/credentials")
    }

    @Test func aFolderThatIsAFileIsOneLineWithTheSystemsWords() throws {
        let blocker = folder.path + "/blocker"
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        let error = #expect(throws: CredentialStoreError.self) {
            try PrivateFile.ensureFolder(blocker + "/inside")
        }
        let message = error.map { "\($0)" } ?? ""
        #expect(
            message.hasSuffix("cannot create the folder \(blocker)/inside: Not a directory")
                || message.hasSuffix("File exists"), "\(message)")
        #expect(!message.contains("CocoaError"))
        #expect(!message.contains("\n"))
    }

    @Test func aFIFOInPlaceOfTheCredentialsFileIsRefusedWithoutHanging() throws {
        let path = folder.path + "/fifo.json"
        #expect(mkfifo(path, 0o600) == 0)
        let error = #expect(throws: CredentialStoreError.self) { try PrivateFile.read(path) }
        #expect(error.map { "\($0)" }?.contains("not a regular file") == true)
    }

    @Test func aCredentialsFileOverAMebibyteIsRefused() throws {
        let path = folder.path + "/huge.json"
        try Data(count: PrivateFile.maximumReadSize + 1).write(to: URL(fileURLWithPath: path))
        #expect(chmod(path, 0o600) == 0)
        let error = #expect(throws: CredentialStoreError.self) { try PrivateFile.read(path) }
        #expect(error.map { "\($0)" }?.contains("at most 1 MiB") == true)
    }

    @Test func roundTripsCredentials() async throws {
        try await store.save(credentials, profile: "work", label: "test")
        #expect(try await store.load(profile: "work") == credentials)
    }

    @Test func writesA0600FileInA0700Folder() async throws {
        try await store.save(credentials, profile: "work", label: "test")
        #expect(try folder.mode(of: store.path(for: "work")) == 0o600)
        #expect(try folder.mode(of: store.folder) == 0o700)
    }

    @Test func missingProfileLoadsAsNil() async throws {
        #expect(try await store.load(profile: "nobody") == nil)
    }

    @Test func saveReplacesTheFileAtomically() async throws {
        try await store.save(credentials, profile: "work", label: "test")
        let path = store.path(for: "work")
        let firstInode = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
        var updated = credentials
        updated.accessToken = Secret("access-2")
        try await store.save(updated, profile: "work", label: "test")
        let secondInode = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
        // A new inode means the file was renamed into place, not rewritten in place.
        #expect(firstInode != secondInode)
        #expect(try await store.load(profile: "work")?.accessToken == Secret("access-2"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: store.folder).filter {
            $0.hasSuffix(".tmp")
        }
        #expect(leftovers.isEmpty)
    }

    @Test func fileReadableByOthersIsRefused() async throws {
        try await store.save(credentials, profile: "work", label: "test")
        chmod(store.path(for: "work"), 0o644)
        let error = await #expect(throws: CredentialStoreError.self) { try await store.load(profile: "work") }
        #expect(error?.code == .insecurePermissions)
        #expect(error?.category == .storeUnavailable)
    }

    @Test func fileWritableByGroupIsRefused() async throws {
        try await store.save(credentials, profile: "work", label: "test")
        chmod(store.path(for: "work"), 0o620)
        let error = await #expect(throws: CredentialStoreError.self) { try await store.load(profile: "work") }
        #expect(error?.code == .insecurePermissions)
    }

    @Test func corruptFileIsReportedNotTreatedAsEmpty() async throws {
        try await store.save(credentials, profile: "work", label: "test")
        try PrivateFile.write(Data("not json".utf8), to: store.path(for: "work"))
        let error = await #expect(throws: CredentialStoreError.self) { try await store.load(profile: "work") }
        #expect(error?.code == .corrupt)
    }

    @Test func aStoredDateBeyondTheYear9999IsCorrupt() async throws {
        try await store.save(credentials, profile: "work", label: "test")
        try PrivateFile.write(
            Data(#"{"accessToken":"a","accessTokenExpiresAt":1e19}"#.utf8), to: store.path(for: "work"))
        let error = await #expect(throws: CredentialStoreError.self) { try await store.load(profile: "work") }
        #expect(error?.code == .corrupt)
        #expect(error?.category == .loginRequired)
        #expect(error?.message.contains("accessTokenExpiresAt") == true)
    }

    @Test func aStoredRefreshTokenWithALineBreakIsCorrupt() async throws {
        try await store.save(credentials, profile: "work", label: "test")
        try PrivateFile.write(Data(#"{"refreshToken":"r\r\nX: 1"}"#.utf8), to: store.path(for: "work"))
        let error = await #expect(throws: CredentialStoreError.self) { try await store.load(profile: "work") }
        #expect(error?.code == .corrupt)
        #expect(error?.message.contains("X: 1") == false)
    }

    @Test func deleteRemovesTheFileAndReportsIt() async throws {
        try await store.save(credentials, profile: "work", label: "test")
        #expect(try await store.delete(profile: "work"))
        #expect(!FileManager.default.fileExists(atPath: store.path(for: "work")))
        #expect(try await !store.delete(profile: "work"))
    }

    @Test func secretsAreStoredOnlyInTheProfileFile() async throws {
        try await store.save(credentials, profile: "work", label: "test")
        try await store.save(StoredCredentials(apiToken: Secret("api")), profile: "bot", label: "test")
        #expect(try await store.load(profile: "work")?.apiToken == nil)
        #expect(try await store.load(profile: "bot")?.apiToken == Secret("api"))
    }
}
