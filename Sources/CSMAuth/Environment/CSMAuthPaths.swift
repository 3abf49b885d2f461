import FoundationEssentials

/// Where csm-auth keeps its files, following the XDG base directory rules.
package struct CSMAuthPaths: Sendable, Equatable {
    /// Human-editable configuration (`config`): `CSM_AUTH_CONFIG_DIR`, else `$XDG_CONFIG_HOME/csm-auth`, else `~/.config/csm-auth`.
    package var configFolder: String
    /// Data such as opt-in credential files: `$XDG_DATA_HOME/csm-auth`, else `~/.local/share/csm-auth`.
    package var dataFolder: String
    /// Lock files: `$XDG_RUNTIME_DIR/csm-auth`, else `/run/user/UID/csm-auth`, else
    /// `$XDG_STATE_HOME/csm-auth` (`~/.local/state/csm-auth`); the runtime folders only when private.
    package var lockFolder: String

    /// Folders given as they are (tests, sandboxes); nothing is created or checked here.
    /// - Parameters:
    ///   - configFolder: the folder of the `config` file.
    ///   - dataFolder: the folder of opt-in data such as credential files.
    ///   - lockFolder: the folder of lock files; it should be private to the user.
    package init(configFolder: String, dataFolder: String, lockFolder: String) {
        self.configFolder = configFolder
        self.dataFolder = dataFolder
        self.lockFolder = lockFolder
    }

    /// The folders for an environment (by default, this process's).
    package init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.init(variable: { environment[$0] })
    }

    /// The folders for the environment that `variable` reads, e.g. `getenv`: the hot path's way,
    /// which builds no dictionary of the whole environment.
    init(variable: (String) -> String?) {
        func nonEmpty(_ name: String) -> String? { environmentVariable(name, in: variable) }
        let home = nonEmpty("HOME") ?? Self.accountHome() ?? "/"
        configFolder =
            nonEmpty("CSM_AUTH_CONFIG_DIR") ?? ((nonEmpty("XDG_CONFIG_HOME") ?? home + "/.config") + "/csm-auth")
        dataFolder = (nonEmpty("XDG_DATA_HOME") ?? home + "/.local/share") + "/csm-auth"
        // The XDG rules: a runtime folder that is missing, not ours or not 0700 must not be used.
        // Without XDG_RUNTIME_DIR (cron, su) the system's runtime folder of this user is still
        // used when it exists: every process of the user must find a profile's lock in the same
        // place, or a refresh in one could race a logout in another.
        lockFolder =
            nonEmpty("XDG_RUNTIME_DIR").flatMap { Self.isPrivateFolder($0) ? $0 + "/csm-auth" : nil }
            ?? Self.systemRuntimeFolder().map { $0 + "/csm-auth" }
            ?? ((nonEmpty("XDG_STATE_HOME") ?? home + "/.local/state") + "/csm-auth")
    }

    /// The user's home folder from the account database, for a process without `HOME`.
    private static func accountHome() -> String? {
        guard let home = CurrentProcess.accountHomeFolder() else { return nil }
        return home.isEmpty ? nil : home
    }

    /// `/run/user/UID`, the folder that systemd-logind gives every logged-in user, when it is private.
    static func systemRuntimeFolder() -> String? {
        let folder = "/run/user/\(CurrentProcess.effectiveUserID)"
        return isPrivateFolder(folder) ? folder : nil
    }

    /// Whether `path` is a folder (not a symbolic link) of this user that nobody else can enter.
    static func isPrivateFolder(_ path: String) -> Bool {
        guard let status = try? FileStatus(path: path, followingSymbolicLink: false) else { return false }
        return status.isDirectory && status.owner == CurrentProcess.effectiveUserID && status.permissions & 0o077 == 0
    }

    /// The profile configuration file.
    package var configFile: String { configFolder + "/config" }
}
