import FoundationEssentials

/// What the process's environment says: endpoints, default profile, storage choice and folders.
///
/// Injected everywhere instead of reading `ProcessInfo` deep inside, so tests and other
/// programs can run csm-auth logic against any environment.
public struct CSMAuthEnvironment: Sendable {
    /// Atlassian's authorization server, used unless `CSM_AUTH_AUTH_URL` or the profile names another.
    package static let defaultAuthURL = "https://auth.atlassian.com"
    /// Atlassian's API gateway, used unless `CSM_AUTH_API_URL` or the profile names another.
    package static let defaultAPIURL = "https://api.atlassian.com"

    /// The environment variables read (`CSM_AUTH_*`, `XDG_*`, `HOME`, `BROWSER`, `DISPLAY`…);
    /// changing them moves `paths` with them.
    public var variables: [String: String] {
        didSet { paths = CSMAuthPaths(environment: variables) }
    }
    /// The folders and files the variables lead to.
    package private(set) var paths: CSMAuthPaths
    /// The command named in hints such as "run `csm-auth login --profile work`" (``LoginCommand``):
    /// by default ``programName``, the running program's own name, so that a tool called `crm-sync`
    /// tells its users to run `crm-sync login`. Set it when that name is not the command users type.
    public var toolName: String
    /// The store of profiles whose `storage` is ``StorageKind/custom``: a ``MemoryStore``, or a
    /// ``CredentialStore`` of the program's own. Logins with that storage save to it.
    public var customStore: (any CredentialStore)?

    /// - Parameters:
    ///   - variables: the environment to read; the process's by default.
    ///   - toolName: the command that hints name (see ``toolName``); ``programName`` by default.
    ///   - customStore: the store of ``StorageKind/custom`` profiles, if the program has one.
    public init(
        variables: [String: String] = ProcessInfo.processInfo.environment, toolName: String = programName,
        customStore: (any CredentialStore)? = nil
    ) {
        self.variables = variables
        self.paths = CSMAuthPaths(environment: variables)
        self.toolName = toolName
        self.customStore = customStore
    }

    /// The running program's name, worked out once: the last path component of its `argv[0]`,
    /// else of the executable (`/proc/self/exe`), else `csm-auth`. It is the default ``toolName``
    /// of every environment and of ``TerminalLoginInteraction``, so a program that runs under its
    /// own name need not name itself; one started under another name (a wrapper script, a symlink)
    /// sets ``toolName``.
    public static let programName: String = {
        let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        return programName(arguments: CommandLine.arguments, executable: executable)
    }()

    /// The name ``programName`` derives from a program's arguments and executable path: the last
    /// path component of the first that is a plausible command name: 1–64 ASCII letters, digits,
    /// `.`, `_`, `+` or `-`, not starting with `-` (as a login shell's `-bash` does). Anything else
    /// (white space, control, format or right-to-left characters that would garble a hint) is
    /// passed over, since the name is printed in every "run `NAME login`" hint.
    static func programName(arguments: [String], executable: String?) -> String {
        for path in [arguments.first, executable] {
            guard let name = path?.split(separator: "/").last, !name.hasPrefix("-"), name.utf8.count <= 64 else {
                continue
            }
            let plausible = name.utf8.allSatisfy { byte in
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || [UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "+"), UInt8(ascii: "-")].contains(byte)
            }
            if plausible { return String(name) }
        }
        return "csm-auth"
    }

    func value(_ name: String) -> String? {
        environmentVariable(name) { variables[$0] }
    }

    /// `--profile`, else `CSM_AUTH_PROFILE`, else `default`, validated: 1–64 letters, digits, `.`,
    /// `_` or `-`, starting with a letter or digit.
    /// - Parameter flag: `--profile`, if given.
    /// - Throws: ``CSMAuthError`` (`.invalidInput`) for an invalid name.
    package func profileName(_ flag: String?) throws -> String {
        try Self.profileName(flag, variable: { variables[$0] })
    }

    /// ``profileName(_:)`` in the environment that `variable` reads: the one derivation of the
    /// profile's name, which the hot path makes with `getenv` (``ProfileLock/forProcess(profile:variable:)``).
    static func profileName(_ flag: String?, variable: (String) -> String?) throws -> String {
        try ProfileName.validated(
            flag ?? environmentVariable("CSM_AUTH_PROFILE", in: variable) ?? ProfileName.defaultName)
    }

    /// The authorization server: `CSM_AUTH_AUTH_URL`, else the profile's, else Atlassian's.
    /// - Parameter settings: the profile's settings; nil for a new profile.
    /// - Throws: ``CSMAuthError`` (`.invalidInput`) when the URL is not acceptable (see `EndpointURL`).
    package func authURL(_ settings: ProfileSettings?) throws -> URL {
        try EndpointURL.validated(
            value("CSM_AUTH_AUTH_URL") ?? settings?.authURL ?? Self.defaultAuthURL, name: "auth URL")
    }

    /// The API gateway: `CSM_AUTH_API_URL`, else the profile's, else Atlassian's.
    /// - Parameter settings: the profile's settings; nil for a new profile.
    /// - Throws: ``CSMAuthError`` (`.invalidInput`) when the URL is not acceptable (see `EndpointURL`).
    public func apiURL(_ settings: ProfileSettings?) throws -> URL {
        try EndpointURL.validated(value("CSM_AUTH_API_URL") ?? settings?.apiURL ?? Self.defaultAPIURL, name: "API URL")
    }

    /// Where a login stores its secrets: the flag, else `CSM_AUTH_STORAGE`, else the profile's, else the keyring.
    /// - Parameters:
    ///   - flag: `--storage`, if given.
    ///   - existing: the profile's saved settings; nil for a new profile.
    /// - Throws: ``CSMAuthError`` (`.invalidInput`) when `CSM_AUTH_STORAGE` is neither `keyring` nor `file`.
    package func storageForLogin(flag: StorageKind?, existing: ProfileSettings?) throws -> StorageKind {
        if let flag { return flag }
        if let variable = value("CSM_AUTH_STORAGE") { return try Self.storageKind(variable) }
        return existing?.storage ?? .keyring
    }

    /// Where an existing profile's secrets are: where its login put them. Without a profile,
    /// `CSM_AUTH_STORAGE` or the keyring.
    /// - Parameter settings: the profile's saved settings; nil when it has none.
    /// - Throws: ``CSMAuthError`` (`.invalidInput`) when, without settings, `CSM_AUTH_STORAGE` is
    ///   neither `keyring` nor `file`.
    public func storage(of settings: ProfileSettings?) throws -> StorageKind {
        if let settings { return settings.storage }
        return try value("CSM_AUTH_STORAGE").map(Self.storageKind) ?? .keyring
    }

    /// The store of a kind. There is no fallback from one kind to another: without a
    /// ``customStore``, `.custom` is a store whose every use fails with
    /// ``CredentialStoreError/Code/unavailable``.
    /// - Parameter kind: the kind of store.
    /// - Returns: a ``SecretServiceStore`` (waiting `CSM_AUTH_KEYRING_TIMEOUT` seconds, 1–300, or 10 s),
    ///   a ``FileStore`` in `CSMAuthPaths/dataFolder`, or ``customStore``.
    package func credentialStore(_ kind: StorageKind) -> any CredentialStore {
        switch kind {
        case .keyring: SecretServiceStore(timeout: keyringTimeout)
        case .file: FileStore(paths: paths)
        case .custom: customStore ?? MissingCustomStore(toolName: toolName)
        case .etcd: Result { try fleetStore() as any CredentialStore }.get(orUnusable: .etcd)
        }
    }

    /// The lock of `profile`, with its kernel cache, derived from these variables as the hot path
    /// derives them from the process's (``ProfileLock/init(profile:paths:variable:)``).
    func profileLock(for profile: String) -> ProfileLock {
        ProfileLock(profile: profile, paths: paths, variable: { variables[$0] })
    }

    /// The kernel-keyring cache of `profile`'s access credential (see ``KernelCredentialCache/isEnabled``).
    func kernelCache(for profile: String) -> KernelCredentialCache? {
        profileLock(for: profile).cache
    }

    /// `CSM_AUTH_KEYRING_TIMEOUT` (seconds, 1–300) or 10 s: how long a keyring operation may take.
    var keyringTimeout: Duration {
        guard let text = value("CSM_AUTH_KEYRING_TIMEOUT"), let seconds = Double(text), (1...300).contains(seconds)
        else {
            return .seconds(10)
        }
        return .milliseconds(Int64(seconds * 1000))
    }

    static func storageKind(_ text: String) throws -> StorageKind {
        guard let kind = StorageKind(rawValue: text.lowercased()), kind != .custom else {
            throw CSMAuthError(.invalidInput, "CSM_AUTH_STORAGE must be 'keyring', 'file' or 'etcd', not '\(text)'")
        }
        return kind
    }
}
