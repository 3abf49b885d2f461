import FoundationEssentials
import Glibc

/// Reads and writes files that only their owner may see: 0600 files in 0700 folders,
/// replaced atomically (temporary file, fsync, rename), read only when nobody else can.
enum PrivateFile {
    /// Creates `folder` (and its parents) with mode 0700; with `tightening`, an existing one is set to 0700 too.
    ///
    /// - Parameter tightening: false for a folder the user may have chosen (`CSM_AUTH_CONFIG_DIR`
    ///   could name `$HOME`): csm-auth never changes the mode of a folder it did not make for itself.
    static func ensureFolder(_ folder: String, tightening: Bool = true) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CredentialStoreError(.io, "cannot create the folder \(folder): \(error)")
        }
        // Never through a symbolic link, and never someone else's folder: either could hand our
        // files (or the lock that guards a refresh) to another user.
        var info = stat()
        guard lstat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == geteuid() else {
            throw CredentialStoreError(
                .insecurePermissions,
                "refusing to use the folder \(folder): it is a symbolic link or not yours; remove it and try again")
        }
        guard tightening else { return }
        guard chmod(folder, 0o700) == 0 else {
            throw CredentialStoreError(
                .io, "cannot set the mode of \(folder) to 0700: \(String(cString: strerror(errno)))")
        }
    }

    /// Replaces `path` with `data` in one rename, so readers see the old or the new file, never half of one.
    /// - Parameter tighteningFolder: whether an existing folder is set to 0700 (see ``ensureFolder(_:tightening:)``).
    static func write(_ data: Data, to path: String, tighteningFolder: Bool = true) throws {
        let folder = PathText.folder(of: path)
        try ensureFolder(folder, tightening: tighteningFolder)
        let temporary =
            folder + "/.\(PathText.lastComponent(of: path)).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw ioError("create", temporary) }
        var written = 0
        let success = data.withUnsafeBytes { bytes -> Bool in
            guard let base = bytes.baseAddress else { return fsync(descriptor) == 0 }
            while written < bytes.count {
                let result = Glibc.write(descriptor, base + written, bytes.count - written)
                if result < 0 { if errno == EINTR { continue } else { return false } }
                written += result
            }
            return fsync(descriptor) == 0
        }
        let failure = success ? nil : ioError("write", temporary)
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw failure
        }
        guard rename(temporary, path) == 0 else {
            let failure = ioError("replace", path)
            unlink(temporary)
            throw failure
        }
        let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// The contents of `path`, or nil when it does not exist.
    /// - Throws: `.insecurePermissions` when the file is not the user's own or others may read or write it.
    static func read(_ path: String) throws -> Data? {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw ioError("open", path)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw ioError("inspect", path) }
        guard info.st_uid == getuid(), info.st_mode & 0o077 == 0 else {
            let mode = String(info.st_mode & 0o777, radix: 8)
            throw CredentialStoreError(
                .insecurePermissions,
                "refusing to read \(path): its mode is \(mode) and it must be 600 and yours (run `chmod 600 \(path)` if you trust it)"
            )
        }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = Glibc.read(descriptor, &buffer, buffer.count)
            if count < 0 { if errno == EINTR { continue } else { throw ioError("read", path) } }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }

    /// Removes `path`. Returns whether it existed.
    static func remove(_ path: String) throws -> Bool {
        if unlink(path) == 0 { return true }
        if errno == ENOENT { return false }
        throw ioError("remove", path)
    }

    private static func ioError(_ action: String, _ path: String) -> CredentialStoreError {
        CredentialStoreError(.io, "cannot \(action) \(path): \(String(cString: strerror(errno)))")
    }
}
