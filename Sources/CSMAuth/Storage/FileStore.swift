import FoundationEssentials

/// A ``CredentialStore`` in files, for machines without a keyring — only when the user asks for it.
///
/// Each profile is `NAME.json`, mode 0600, in a 0700 folder (by default
/// `$XDG_DATA_HOME/csm-auth/credentials`), replaced atomically on every save. A file that
/// others could read is refused rather than trusted.
package struct FileStore: CredentialStore {
    /// The folder that holds the credential files.
    package let folder: String

    /// A store in `folder`, which is created (mode 0700) on the first ``probe()`` or save.
    /// - Parameter folder: the folder of the credential files; an existing one is set to 0700.
    package init(folder: String) {
        self.folder = folder
    }

    /// The store in the standard place for this environment.
    package init(paths: CSMAuthPaths) {
        self.init(folder: paths.dataFolder + "/credentials")
    }

    /// ``StorageKind/file``.
    package var kind: StorageKind { .file }

    /// The file of one profile.
    package func path(for profile: String) -> String {
        "\(folder)/\(profile).json"
    }

    /// Creates the folder when it is missing (0700) and checks that it can be written.
    /// - Throws: ``CredentialStoreError`` (`.insecurePermissions`) when the folder is a symbolic link
    ///   or another user's, (`.io`) when it cannot be made or written.
    package func probe() async throws {
        try await runBlocking { [folder] in
            try PrivateFile.ensureFolder(folder)
            do throws(SystemError) {
                try FileSystem.checkWritable(folder)
            } catch {
                throw CredentialStoreError(.io, "cannot write to \(folder): \(error.message)")
            }
        }
    }

    /// Reads `PROFILE.json`; nil when the file does not exist.
    /// - Parameter profile: a validated profile name; it is used as the file name as it is.
    /// - Throws: ``CredentialStoreError`` (`.insecurePermissions`) when the file is not the user's or
    ///   others may read or write it, (`.corrupt`) when it is not the JSON of ``StoredCredentials``,
    ///   (`.io`) when it cannot be read.
    package func load(profile: String) async throws -> StoredCredentials? {
        let path = path(for: profile)
        return try await runBlocking {
            try PrivateFile.read(path).map { try StoredCredentials.decoded(from: $0, location: path) }
        }
    }

    /// Replaces `PROFILE.json` atomically (a 0600 temporary file, `fsync`, `rename`).
    /// - Parameters:
    ///   - credentials: the profile's whole document.
    ///   - profile: a validated profile name.
    ///   - label: unused: files have no label.
    /// - Throws: ``CredentialStoreError`` (`.io` or `.insecurePermissions`) when the folder or the
    ///   file cannot be written; the previous file is then unchanged.
    package func save(_ credentials: StoredCredentials, profile: String, label: String) async throws {
        let document = try credentials.encoded()
        let path = path(for: profile)
        try await runBlocking { try PrivateFile.write(document, to: path) }
    }

    /// Removes `PROFILE.json`.
    /// - Returns: whether the file existed.
    /// - Throws: ``CredentialStoreError`` (`.io`) when it exists but cannot be removed.
    @discardableResult
    package func delete(profile: String) async throws -> Bool {
        let path = path(for: profile)
        return try await runBlocking { try PrivateFile.remove(path) }
    }
}
