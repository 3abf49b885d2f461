import FoundationEssentials
import Glibc

/// Reads files whose contents decide where secrets are sent, with the checks OpenSSH applies to
/// `~/.ssh/config`: a regular file, not a symbolic link, owned by the user (or root), and neither
/// it nor its folder writable by group or others. Anyone who could change such a file could send
/// the refresh token and client secret to a server of theirs.
enum TrustedFile {
    /// The contents of `path`, nil when it does not exist.
    /// - Parameter kind: what the file is, for messages ("configuration file").
    /// - Throws: ``CSMAuthError`` (`.failure`) saying what is wrong and how to fix it.
    static func read(_ path: String, kind: String) throws -> Data? {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            if errno == ELOOP {
                throw CSMAuthError(
                    .invalidConfiguration,
                    "refusing to use the \(kind) \(path): it is a symbolic link; replace it with the file itself")
            }
            throw CSMAuthError(
                .invalidConfiguration, "cannot open the \(kind) \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw CSMAuthError(
                .invalidConfiguration, "cannot inspect the \(kind) \(path): \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw CSMAuthError(.invalidConfiguration, "refusing to use the \(kind) \(path): it is not a regular file")
        }
        try check(info, path: path, kind: kind, fix: "chmod go-w \(path)")
        try checkFolder(PathText.folder(of: path), kind: "folder of the \(kind)")
        return try readAll(descriptor, path: path, kind: kind)
    }

    /// Throws unless `folder` (when it exists) is owned by the user or root and not writable by group or others.
    static func checkFolder(_ folder: String, kind: String) throws {
        var info = stat()
        guard stat(folder, &info) == 0 else { return }
        try check(info, path: folder, kind: kind, fix: "chmod go-w \(folder)")
    }

    /// The largest file read: a configuration of a few hundred profiles is far smaller.
    static let maximumBytes = 1 << 20

    private static func check(_ info: stat, path: String, kind: String, fix: String) throws {
        let user = geteuid()
        guard info.st_uid == user || info.st_uid == 0 else {
            throw CSMAuthError(
                .invalidConfiguration,
                "refusing to use the \(kind) \(path): it belongs to user \(info.st_uid), not to you (\(user)); remove it, or `chown` it if you trust it"
            )
        }
        guard info.st_mode & 0o022 == 0 else {
            let mode = String(info.st_mode & 0o777, radix: 8)
            throw CSMAuthError(
                .invalidConfiguration,
                "refusing to use the \(kind) \(path): others can change it (mode \(mode)); run `\(fix)` if you trust its contents"
            )
        }
    }

    private static func readAll(_ descriptor: Int32, path: String, kind: String) throws -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = Glibc.read(descriptor, &buffer, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw CSMAuthError(
                    .invalidConfiguration, "cannot read the \(kind) \(path): \(String(cString: strerror(errno)))")
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
