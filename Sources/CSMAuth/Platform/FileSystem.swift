import Glibc

/// Calls on paths rather than on open files: renaming, removing, permissions, access checks.
enum FileSystem {
    /// Renames `source` to `destination`, replacing it in one step (`rename`).
    static func rename(_ source: String, to destination: String) throws(SystemError) {
        guard Glibc.rename(source, destination) == 0 else { throw .lastCall }
    }

    /// Removes the file (not a folder) at `path` (`unlink`).
    static func removeFile(_ path: String) throws(SystemError) {
        guard unlink(path) == 0 else { throw .lastCall }
    }

    /// Sets the permission bits of `path` (`chmod`).
    static func setPermissions(_ permissions: UInt32, of path: String) throws(SystemError) {
        guard chmod(path, permissions) == 0 else { throw .lastCall }
    }

    /// Throws unless this process may write to `path` (`access` with `W_OK`).
    static func checkWritable(_ path: String) throws(SystemError) {
        guard access(path, W_OK) == 0 else { throw .lastCall }
    }

    /// Whether this process may execute `path` (`access` with `X_OK`).
    static func isExecutable(_ path: String) -> Bool {
        access(path, X_OK) == 0
    }

    /// `path` with symbolic links, `.`, `..` and repeated slashes resolved (`realpath`); nil when
    /// it does not exist or cannot be resolved.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
