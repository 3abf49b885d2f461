import FoundationEssentials
import Glibc

/// A ``CredentialStore`` in files, for machines without a keyring — only when the user asks for it.
///
/// Each profile is `NAME.json`, mode 0600, in a 0700 folder (by default
/// `$XDG_DATA_HOME/csm-auth/credentials`), replaced atomically on every save. A file that
/// others could read is refused rather than trusted.
public struct FileStore: CredentialStore {
    /// The folder that holds the credential files.
    public let folder: String

    public init(folder: String) {
        self.folder = folder
    }

    /// The store in the standard place for this environment.
    public init(paths: CSMAuthPaths) {
        self.init(folder: paths.dataFolder + "/credentials")
    }

    public var kind: StorageKind { .file }

    /// The file of one profile.
    public func path(for profile: String) -> String {
        "\(folder)/\(profile).json"
    }

    public func probe() async throws {
        try await runBlocking { [folder] in
            try PrivateFile.ensureFolder(folder)
            guard access(folder, W_OK) == 0 else {
                throw CredentialStoreError(.io, "cannot write to \(folder): \(String(cString: strerror(errno)))")
            }
        }
    }

    public func load(profile: String) async throws -> StoredCredentials? {
        let path = path(for: profile)
        return try await runBlocking {
            try PrivateFile.read(path).map { try StoredCredentials.decoded(from: $0, location: path) }
        }
    }

    public func save(_ credentials: StoredCredentials, profile: String, label: String) async throws {
        let document = try credentials.encoded()
        let path = path(for: profile)
        try await runBlocking { try PrivateFile.write(document, to: path) }
    }

    @discardableResult
    public func delete(profile: String) async throws -> Bool {
        let path = path(for: profile)
        return try await runBlocking { try PrivateFile.remove(path) }
    }
}
