import FoundationEssentials
import Glibc

/// What the process's environment says: endpoints, default profile, storage choice and folders.
///
/// Injected everywhere instead of reading `ProcessInfo` deep inside, so tests and other
/// programs can run csm-auth logic against any environment.
public struct CSMAuthEnvironment: Sendable {
    public static let defaultAuthURL = "https://auth.atlassian.com"
    public static let defaultAPIURL = "https://api.atlassian.com"

    public var variables: [String: String]
    public var paths: CSMAuthPaths

    public init(variables: [String: String] = ProcessInfo.processInfo.environment) {
        self.variables = variables
        self.paths = CSMAuthPaths(environment: variables)
    }

    func value(_ name: String) -> String? {
        environmentVariable(name) { variables[$0] }
    }

    /// `--profile`, else `CSM_AUTH_PROFILE`, else `default`, validated.
    public func profileName(_ flag: String?) throws -> String {
        try ProfileName.validated(flag ?? value("CSM_AUTH_PROFILE") ?? ProfileName.defaultName)
    }

    /// The authorization server: `CSM_AUTH_AUTH_URL`, else the profile's, else Atlassian's.
    public func authURL(_ settings: ProfileSettings?) throws -> URL {
        try EndpointURL.validated(value("CSM_AUTH_AUTH_URL") ?? settings?.authURL ?? Self.defaultAuthURL, name: "auth URL")
    }

    /// The API gateway: `CSM_AUTH_API_URL`, else the profile's, else Atlassian's.
    public func apiURL(_ settings: ProfileSettings?) throws -> URL {
        try EndpointURL.validated(value("CSM_AUTH_API_URL") ?? settings?.apiURL ?? Self.defaultAPIURL, name: "API URL")
    }

    /// Where a login stores its secrets: the flag, else `CSM_AUTH_STORAGE`, else the profile's, else the keyring.
    public func storageForLogin(flag: StorageKind?, existing: ProfileSettings?) throws -> StorageKind {
        if let flag { return flag }
        if let variable = value("CSM_AUTH_STORAGE") { return try Self.storageKind(variable) }
        return existing?.storage ?? .keyring
    }

    /// Where an existing profile's secrets are: where its login put them. Without a profile,
    /// `CSM_AUTH_STORAGE` or the keyring.
    public func storage(of settings: ProfileSettings?) throws -> StorageKind {
        if let settings { return settings.storage }
        return try value("CSM_AUTH_STORAGE").map(Self.storageKind) ?? .keyring
    }

    /// The store of a kind. There is no fallback from one kind to another.
    public func credentialStore(_ kind: StorageKind) -> any CredentialStore {
        switch kind {
        case .keyring: SecretServiceStore(timeout: keyringTimeout)
        case .file: FileStore(paths: paths)
        case .memory: MemoryStore()
        }
    }

    /// The kernel-keyring cache of `profile`'s access credential (see ``KernelCredentialCache/isEnabled``).
    func kernelCache(for profile: String) -> KernelCredentialCache? {
        KernelCredentialCache(profile: profile, paths: paths, setting: variables["CSM_AUTH_KERNEL_CACHE"])
    }

    /// `CSM_AUTH_KEYRING_TIMEOUT` (seconds, 1–300) or 10 s: how long a keyring operation may take.
    var keyringTimeout: Duration {
        guard let text = value("CSM_AUTH_KEYRING_TIMEOUT"), let seconds = Double(text), (1...300).contains(seconds) else {
            return .seconds(10)
        }
        return .milliseconds(Int64(seconds * 1000))
    }

    static func storageKind(_ text: String) throws -> StorageKind {
        guard let kind = StorageKind(rawValue: text.lowercased()), kind != .memory else {
            throw CSMAuthError(.usage, "CSM_AUTH_STORAGE must be 'keyring' or 'file', not '\(text)'")
        }
        return kind
    }
}

/// Checks endpoint URLs: https, or http for loopback hosts only (so a local sandbox works).
public enum EndpointURL {
    /// The URL without a trailing slash.
    /// - Throws: ``CSMAuthError`` (`.usage`) naming the setting when the URL is not acceptable.
    public static func validated(_ text: String, name: String) throws -> URL {
        var trimmed = text.trimmingWhitespace()
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty,
            url.query == nil, url.user == nil
        else {
            throw CSMAuthError(.usage, "the \(name) '\(text)' is not a valid http(s) URL")
        }
        if scheme == "https" || (scheme == "http" && url.hasLoopbackHost) { return url }
        throw CSMAuthError(.usage, "the \(name) '\(text)' must use https:// (http:// is allowed for loopback hosts only)")
    }
}
