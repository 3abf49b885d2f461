import Foundation

/// Where csm-auth keeps its files, following the XDG base directory rules.
public struct CSMAuthPaths: Sendable, Equatable {
    /// Human-editable configuration (`config`): `CSM_AUTH_CONFIG_DIR`, else `$XDG_CONFIG_HOME/csm-auth`, else `~/.config/csm-auth`.
    public var configFolder: String
    /// Data such as opt-in credential files: `$XDG_DATA_HOME/csm-auth`, else `~/.local/share/csm-auth`.
    public var dataFolder: String
    /// Lock files: `$XDG_RUNTIME_DIR/csm-auth`, else `$XDG_STATE_HOME/csm-auth` (`~/.local/state/csm-auth`).
    public var lockFolder: String

    public init(configFolder: String, dataFolder: String, lockFolder: String) {
        self.configFolder = configFolder
        self.dataFolder = dataFolder
        self.lockFolder = lockFolder
    }

    /// The folders for an environment (by default, this process's).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        func nonEmpty(_ name: String) -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value
        }
        let home = nonEmpty("HOME") ?? NSHomeDirectory()
        configFolder = nonEmpty("CSM_AUTH_CONFIG_DIR") ?? ((nonEmpty("XDG_CONFIG_HOME") ?? home + "/.config") + "/csm-auth")
        dataFolder = (nonEmpty("XDG_DATA_HOME") ?? home + "/.local/share") + "/csm-auth"
        // The XDG rules: a runtime folder that is missing, not ours or not 0700 must not be used.
        lockFolder = nonEmpty("XDG_RUNTIME_DIR").flatMap { Self.isPrivateFolder($0) ? $0 + "/csm-auth" : nil }
            ?? ((nonEmpty("XDG_STATE_HOME") ?? home + "/.local/state") + "/csm-auth")
    }

    /// Whether `path` is a folder (not a symbolic link) of this user that nobody else can enter.
    static func isPrivateFolder(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR && info.st_uid == geteuid() && info.st_mode & 0o077 == 0
    }

    /// The profile configuration file.
    public var configFile: String { configFolder + "/config" }
}
