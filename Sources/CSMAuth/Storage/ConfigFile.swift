import Foundation

/// The human-editable configuration file: one `[profile]` section of `key = value` lines each.
///
/// ```
/// [default]
/// auth = oauth
/// client_id = abc123
/// site_url = https://example.atlassian.net
/// ```
/// Lines starting with `#` or `;` are comments. Secrets are never written here.
public struct ConfigFile: Sendable, Equatable {
    /// The profiles, by name.
    public var profiles: [String: ProfileSettings]

    public init(profiles: [String: ProfileSettings] = [:]) {
        self.profiles = profiles
    }

    /// Reads the file at `path`; a missing file is an empty configuration.
    /// - Throws: ``CSMAuthError`` naming the line when the file cannot be parsed,
    ///   ``CredentialStoreError`` when it cannot be read.
    public static func load(from path: String) throws -> ConfigFile {
        guard FileManager.default.fileExists(atPath: path) else { return ConfigFile() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CSMAuthError(.failure, "cannot read the configuration file \(path)")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// Parses configuration text; `path` only names the file in errors.
    public static func parse(_ text: String, path: String) throws -> ConfigFile {
        var sections: [(name: String, values: [String: String])] = []
        // Any line break ends a line: `\r\n` is one Character in Swift, so splitting on "\n" alone
        // would leave a file saved with Windows line ends as one long line.
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                let name = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                do {
                    sections.append((try ProfileName.validated(name), [:]))
                } catch {
                    throw CSMAuthError(.failure, "\(path):\(index + 1): invalid profile name '\(name.printableLine)'")
                }
                continue
            }
            guard let equals = line.firstIndex(of: "="), !sections.isEmpty else {
                throw CSMAuthError(.failure, "\(path):\(index + 1): expected '[profile]' or 'key = value'")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            sections[sections.count - 1].values[key] = value
        }
        var profiles: [String: ProfileSettings] = [:]
        for section in sections {
            profiles[section.name] = try ProfileSettings(keyValues: section.values, profile: section.name)
        }
        return ConfigFile(profiles: profiles)
    }

    /// The file's text, profiles in name order.
    public func rendered() -> String {
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

    /// Reads, changes and writes the file under an exclusive lock (`config.lock` beside it), so two
    /// commands saving different profiles at once cannot drop one another's change.
    public static func update(at path: String, _ change: (inout ConfigFile) throws -> Void) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try PrivateFile.ensureFolder(folder)
        let lockPath = path + ".lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw CSMAuthError(.failure, "cannot open \(lockPath): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        // Held only for a read and a rename, so a plain blocking wait is short.
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw CSMAuthError(.failure, "cannot lock \(lockPath): \(String(cString: strerror(errno)))") }
        }
        defer { flock(descriptor, LOCK_UN) }
        var config = try load(from: path)
        try change(&config)
        try config.save(to: path)
    }

    /// Writes the file atomically with mode 0600 in a 0700 folder.
    public func save(to path: String) throws {
        try PrivateFile.write(Data(rendered().utf8), to: path)
    }
}
