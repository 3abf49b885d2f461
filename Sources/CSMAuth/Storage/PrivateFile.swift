import FoundationEssentials

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
            throw CredentialStoreError(.io, "cannot create the folder \(folder): \(Self.reason(error))")
        }
        // Never through a symbolic link, and never someone else's folder: either could hand our
        // files (or the lock that guards a refresh) to another user.
        guard let status = try? FileStatus(path: folder, followingSymbolicLink: false), status.isDirectory,
            status.owner == CurrentProcess.effectiveUserID
        else {
            throw CredentialStoreError(
                .insecurePermissions,
                "refusing to use the folder \(folder): it is a symbolic link or not yours; remove it and try again")
        }
        guard tightening else { return }
        do {
            try FileSystem.setPermissions(0o700, of: folder)
        } catch {
            throw CredentialStoreError(.io, "cannot set the mode of \(folder) to 0700: \(error.message)")
        }
    }

    /// One line for a Foundation file error: the system's words when it wraps an `errno`
    /// ("File exists", "No space left on device"), never the error's debug description.
    static func reason(_ error: any Error) -> String {
        if let system = SystemError(wrappedBy: error) { return system.message }
        // A Foundation error without an errno: its code in words, never its debug description
        // (`CocoaError(_nsError: …)`), which is neither one line a user can act on nor short.
        if let cocoa = error as? CocoaError {
            switch cocoa.code {
            case .fileWriteOutOfSpace: return SystemError.noSpace.message
            case .fileWriteVolumeReadOnly: return SystemError.readOnlyFileSystem.message
            case .fileWriteNoPermission, .fileReadNoPermission: return SystemError.permissionDenied.message
            case .fileWriteFileExists: return SystemError.fileExists.message
            case .fileNoSuchFile, .fileReadNoSuchFile: return SystemError.noSuchFile.message
            default: return "file system error \(cocoa.code.rawValue)"
            }
        }
        return "\(type(of: error))"
    }

    /// Replaces `path` with `data` in one rename, so readers see the old or the new file, never half of one.
    /// - Parameter tighteningFolder: whether an existing folder is set to 0700 (see ``ensureFolder(_:tightening:)``).
    static func write(_ data: Data, to path: String, tighteningFolder: Bool = true) throws {
        let folder = PathText.folder(of: path)
        try ensureFolder(folder, tightening: tighteningFolder)
        let unique = "\(CurrentProcess.id).\(UInt32.random(in: 0...UInt32.max))"
        let temporary = folder + "/.\(PathText.lastComponent(of: path)).\(unique).tmp"
        let descriptor: FileDescriptor
        do {
            descriptor = try .open(
                temporary, .writeOnly, [.create, .exclusive, .noFollow, .closeOnExec], permissions: 0o600)
        } catch {
            // The file the user knows is named, not the temporary one beside it.
            throw ioError("write", path, error)
        }
        let written = data.withUnsafeBytes { bytes in
            Result { () throws(SystemError) in
                try descriptor.write(all: bytes)
                try descriptor.synchronize()
            }
        }
        descriptor.close()
        if case .failure(let error) = written {
            try? FileSystem.removeFile(temporary)
            throw ioError("write", path, error)
        }
        do {
            try FileSystem.rename(temporary, to: path)
        } catch {
            try? FileSystem.removeFile(temporary)
            throw ioError("replace", path, error)
        }
        if let folderDescriptor = try? FileDescriptor.open(folder, .readOnly, [.directory, .closeOnExec]) {
            try? folderDescriptor.synchronize()
            folderDescriptor.close()
        }
    }

    /// The largest file ``read(_:)`` takes: a credentials file holds a few hundred bytes.
    static let maximumReadSize = 1 << 20

    /// The contents of `path`, or nil when it does not exist.
    /// - Throws: `.insecurePermissions` when the file is not the user's own or others may read or
    ///   write it; `.io` when it is not a regular file of at most ``maximumReadSize`` bytes.
    static func read(_ path: String) throws -> Data? {
        let descriptor: FileDescriptor
        do {
            // Non-blocking: a FIFO put in the file's place must not hang the reader (which may
            // hold the profile's lock); the checks below then refuse anything but a plain file.
            descriptor = try .open(path, .readOnly, [.noFollow, .closeOnExec, .nonBlocking])
        } catch {
            if error == .noSuchFile { return nil }
            throw ioError("open", path, error)
        }
        defer { descriptor.close() }
        let status: FileStatus
        do {
            status = try descriptor.status()
        } catch {
            throw ioError("inspect", path, error)
        }
        guard status.owner == CurrentProcess.realUserID, status.permissions & 0o077 == 0 else {
            let mode = String(status.permissions & 0o777, radix: 8)
            throw CredentialStoreError(
                .insecurePermissions,
                "refusing to read \(path): its mode is \(mode) and it must be 600 and yours (run `chmod 600 \(path)` if you trust it)"
            )
        }
        guard status.isRegularFile, status.size <= maximumReadSize else {
            throw CredentialStoreError(
                .io,
                "refusing to read \(path): it is not a regular file of at most \(maximumReadSize >> 20) MiB; remove it and log in again"
            )
        }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while data.count <= maximumReadSize {
            let count: Int
            do {
                count = try descriptor.read(into: &buffer)
            } catch {
                if error == .interrupted { continue }
                throw ioError("read", path, error)
            }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }

    /// Removes `path`. Returns whether it existed.
    static func remove(_ path: String) throws -> Bool {
        do {
            try FileSystem.removeFile(path)
            return true
        } catch {
            if error == .noSuchFile { return false }
            throw ioError("remove", path, error)
        }
    }

    private static func ioError(_ action: String, _ path: String, _ error: SystemError) -> CredentialStoreError {
        CredentialStoreError(.io, "cannot \(action) \(path): \(error.message)")
    }
}
