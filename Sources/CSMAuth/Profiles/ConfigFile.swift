import FoundationEssentials

/// The human-editable configuration file: one `[profile]` section of `key = value` lines each.
///
/// ```
/// [default]
/// auth = oauth
/// client_id = abc123
/// site_url = https://example.atlassian.net
/// ```
/// Lines starting with `#` or `;` are comments. Secrets are never written here.
struct ConfigFile: Sendable, Equatable {
    /// The profiles, by name.
    var profiles: [String: ProfileSettings]

    init(profiles: [String: ProfileSettings] = [:]) {
        self.profiles = profiles
    }

    /// Reads the file at `path`; a missing file is an empty configuration.
    ///
    /// The file decides where refresh tokens and client secrets are sent (`auth_url`, `api_url`),
    /// so it is trusted only as OpenSSH trusts `~/.ssh/config`: it must be a regular file (not a
    /// symbolic link) owned by the user (or root), and neither it nor its folder may be writable
    /// by group or others.
    /// - Throws: ``CSMAuthError`` naming the line when the file cannot be parsed, or saying how to
    ///   fix an untrusted file; ``CredentialStoreError`` when it cannot be read.
    static func load(from path: String) throws -> ConfigFile {
        guard let data = try TrustedFile.read(path, kind: "configuration file") else { return ConfigFile() }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// Parses configuration text; `path` only names the file in errors.
    static func parse(_ text: String, path: String) throws -> ConfigFile {
        var sections: [(name: String, values: [String: String])] = []
        // Any line break ends a line: `\r\n` is one Character in Swift, so splitting on "\n" alone
        // would leave a file saved with Windows line ends as one long line.
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                let name = String(line.dropFirst().dropLast()).trimmingWhitespace()
                do {
                    sections.append((try ProfileName.validated(name), [:]))
                } catch {
                    throw CSMAuthError(
                        .invalidConfiguration, "\(path):\(index + 1): invalid profile name '\(name.printableLine)'")
                }
                continue
            }
            guard let equals = line.firstIndex(of: "="), !sections.isEmpty else {
                throw CSMAuthError(.invalidConfiguration, "\(path):\(index + 1): expected '[profile]' or 'key = value'")
            }
            let key = line[..<equals].trimmingWhitespace()
            let value = line[line.index(after: equals)...].trimmingWhitespace()
            sections[sections.count - 1].values[key] = value
        }
        var profiles: [String: ProfileSettings] = [:]
        for section in sections {
            profiles[section.name] = try ProfileSettings(keyValues: section.values, profile: section.name, file: path)
        }
        return ConfigFile(profiles: profiles)
    }

    /// The file's text, profiles in name order.
    func rendered() -> String {
        var text = "# csm-auth profiles. Secrets are kept in the keyring (or the credentials files), never here.\n"
        for name in profiles.keys.sorted() {
            text += "\n[\(name)]\n"
            for (key, value) in profiles[name]?.keyValues ?? [] {
                // A line break inside a value (`\n`, `\r`, `\r\n`, U+2028…) would start a new line of the file.
                text += "\(key) = \(String(value.map { $0.isNewline ? " " : $0 }))\n"
            }
        }
        return text
    }

    /// How long a change waits for another process that holds the configuration's lock.
    static let lockTimeout: Duration = .seconds(10)

    /// Runs `body` holding the configuration's exclusive lock (`config.lock` beside it), so that
    /// two commands saving different profiles at once cannot drop one another's change.
    /// - Throws: ``CSMAuthError`` naming the holder when the lock stays taken past ``lockTimeout``.
    static func withLock<T: Sendable>(at path: String, _ body: () async throws -> T) async throws -> T {
        let folder = PathText.folder(of: path)
        try TrustedFile.checkFolder(folder, kind: "configuration folder")
        return try await FileLock.withLock(
            path + ".lock", timeout: lockTimeout, purpose: "the configuration's lock (\(path).lock)",
            tighteningFolder: false, body)
    }

    /// Reads, changes and writes the file under its lock.
    static func update(at path: String, _ change: @Sendable (inout ConfigFile) throws -> Void) async throws {
        try await withLock(at: path) {
            var config = try load(from: path)
            try change(&config)
            try config.save(to: path)
        }
    }

    /// Writes the file atomically with mode 0600 in a 0700 folder.
    /// - Throws: ``CSMAuthError`` (`.invalidConfiguration`) when it cannot be written (a full
    ///   disk): the settings are not the credential store, so this is a failure (exit 1), not
    ///   "store unavailable"; ``CredentialStoreError`` (`.insecurePermissions`) when the folder is
    ///   a symbolic link or another user's.
    func save(to path: String) throws {
        // The settings hold no secret; the folder is the user's to choose, so its mode is left alone.
        do {
            try PrivateFile.write(Data(rendered().utf8), to: path, tighteningFolder: false)
        } catch let error as CredentialStoreError where error.code == .io {
            throw CSMAuthError(.invalidConfiguration, error.message)
        }
    }
}
