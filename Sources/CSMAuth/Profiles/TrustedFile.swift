import FoundationEssentials

/// Reads files whose contents decide where secrets are sent, with the checks OpenSSH applies to
/// `~/.ssh/config`: a regular file, not a symbolic link, owned by the user (or root), and neither
/// it nor its folder writable by group or others. Anyone who could change such a file could send
/// the refresh token and client secret to a server of theirs.
enum TrustedFile {
    /// The contents of `path`, nil when it does not exist.
    /// - Parameter kind: what the file is, for messages ("configuration file").
    /// - Throws: ``CSMAuthError`` (`.failure`) saying what is wrong and how to fix it.
    static func read(_ path: String, kind: String) throws -> Data? {
        let file: FileDescriptor
        do {
            file = try .open(path, .readOnly, [.noFollow, .closeOnExec, .nonBlocking])
        } catch {
            if error == .noSuchFile { return nil }
            if error == .symbolicLinkLoop {
                throw CSMAuthError(
                    .invalidConfiguration,
                    "refusing to use the \(kind) \(path): it is a symbolic link; replace it with the file itself")
            }
            throw CSMAuthError(.invalidConfiguration, "cannot open the \(kind) \(path): \(error.message)")
        }
        defer { file.close() }
        let status: FileStatus
        do {
            status = try file.status()
        } catch {
            throw CSMAuthError(.invalidConfiguration, "cannot inspect the \(kind) \(path): \(error.message)")
        }
        guard status.isRegularFile else {
            throw CSMAuthError(.invalidConfiguration, "refusing to use the \(kind) \(path): it is not a regular file")
        }
        try check(status, path: path, kind: kind, fix: "chmod go-w \(path)")
        try checkFolder(PathText.folder(of: path), kind: "folder of the \(kind)")
        return try readAll(file, path: path, kind: kind)
    }

    /// Throws unless `folder` (when it exists) is owned by the user or root and not writable by group or others.
    static func checkFolder(_ folder: String, kind: String) throws {
        guard let status = try? FileStatus(path: folder) else { return }
        try check(status, path: folder, kind: kind, fix: "chmod go-w \(folder)")
    }

    /// The largest file read: a configuration of a few hundred profiles is far smaller.
    static let maximumBytes = 1 << 20

    /// Whether a file or folder with `status` passes ``read(_:kind:)``'s ownership and mode
    /// checks: owned by the user or root, and not writable by group or others. For a caller that
    /// needs the answer without the message (the kernel cache's lookup, on the hot path).
    static func isTrusted(_ status: FileStatus) -> Bool {
        isOwnedByUserOrRoot(status) && status.permissions & 0o022 == 0
    }

    private static func isOwnedByUserOrRoot(_ status: FileStatus) -> Bool {
        status.owner == CurrentProcess.effectiveUserID || status.owner == 0
    }

    private static func check(_ status: FileStatus, path: String, kind: String, fix: String) throws {
        guard !isTrusted(status) else { return }
        let user = CurrentProcess.effectiveUserID
        guard isOwnedByUserOrRoot(status) else {
            throw CSMAuthError(
                .invalidConfiguration,
                "refusing to use the \(kind) \(path): it belongs to user \(status.owner), not to you (\(user)); remove it, or `chown` it if you trust it"
            )
        }
        guard status.permissions & 0o022 == 0 else {
            let mode = String(status.permissions & 0o777, radix: 8)
            throw CSMAuthError(
                .invalidConfiguration,
                "refusing to use the \(kind) \(path): others can change it (mode \(mode)); run `\(fix)` if you trust its contents"
            )
        }
    }

    private static func readAll(_ file: FileDescriptor, path: String, kind: String) throws -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count: Int
            do {
                count = try file.read(into: &buffer)
            } catch {
                if error == .interrupted { continue }
                throw CSMAuthError(.invalidConfiguration, "cannot read the \(kind) \(path): \(error.message)")
            }
            if count == 0 { return data }
            data.append(contentsOf: buffer[0..<count])
            guard data.count <= maximumBytes else {
                throw CSMAuthError(
                    .invalidConfiguration,
                    "refusing to use the \(kind) \(path): it is larger than \(maximumBytes / 1024) KiB")
            }
        }
    }
}
