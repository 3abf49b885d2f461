import FoundationEssentials

/// An exclusive, cross-process advisory lock (`flock`) on a file: the lock of the configuration
/// file. A profile's lock, which the token path also waits on, is ``ProfileLock``.
///
/// Waiting is bounded and holds no thread (the task sleeps between attempts):
/// past the timeout the error names the process that holds the lock (from `/proc/locks`). The
/// kernel releases the lock when its holder dies, so a crash never leaves a stale lock behind.
final class FileLock: Sendable {
    private let descriptor: FileDescriptor

    private init(descriptor: FileDescriptor) {
        self.descriptor = descriptor
    }

    deinit {
        descriptor.unlock()
        descriptor.close()
    }

    /// Runs `body` while holding the lock on `path`, waiting at most `timeout` for it.
    /// - Parameters:
    ///   - path: the lock file; created 0600 if missing, never followed if it is a symbolic link.
    ///   - timeout: the longest wait for another holder to let go.
    ///   - purpose: what the lock protects, for the error, e.g. "the refresh lock of profile 'work'".
    /// - Throws: ``CSMAuthError`` (`.failure`) naming the holder when the wait times out; whatever `body` throws.
    static func withLock<T: Sendable>(
        _ path: String, timeout: Duration, purpose: String, tighteningFolder: Bool = true, _ body: () async throws -> T
    ) async throws -> T {
        let lock = try await acquire(path, timeout: timeout, purpose: purpose, tighteningFolder: tighteningFolder)
        defer { withExtendedLifetime(lock) {} }
        return try await body()
    }

    /// Opens (creating, 0600) a lock file in a private folder of this user (made so when
    /// `tighteningFolder`), never through a symbolic link.
    /// - Throws: ``CSMAuthError`` (`.failure`) when the folder or the file cannot be used.
    static func openLockFile(_ path: String, tighteningFolder: Bool = true) throws -> FileDescriptor {
        do { try PrivateFile.ensureFolder(PathText.folder(of: path), tightening: tighteningFolder) } catch {
            throw CSMAuthError(.invalidConfiguration, "\(error)")
        }
        do {
            return try .open(path, .readWrite, [.create, .closeOnExec, .noFollow], permissions: 0o600)
        } catch {
            throw CSMAuthError(.invalidConfiguration, "cannot open the lock file \(path): \(error.message)")
        }
    }

    /// Takes the lock on `path`; it is held until the returned value is released.
    ///
    /// Each attempt is a non-blocking `flock`; between attempts (about every 2 ms) the task
    /// sleeps, so a long wait holds no thread at all.
    static func acquire(_ path: String, timeout: Duration, purpose: String, tighteningFolder: Bool = true) async throws
        -> FileLock
    {
        let descriptor = try openLockFile(path, tighteningFolder: tighteningFolder)
        let deadline = ContinuousClock.now + timeout
        while true {
            do {
                try descriptor.tryLock(.exclusive)
                break
            } catch {
                guard error == .wouldBlock || error == .interrupted else {
                    descriptor.close()
                    throw CSMAuthError(.systemFailure, "cannot lock \(path): \(error.message)")
                }
            }
            guard ContinuousClock.now < deadline else {
                let holder = LockHolder.find(descriptor: descriptor).map { " by \($0)" } ?? ""
                descriptor.close()
                throw CSMAuthError(
                    .lockTimeout,
                    "\(purpose) has been held\(holder) for over \(Int(timeout.components.seconds)) s; nothing was changed: try again once it has finished, or end that process"
                )
            }
            do {
                try await Task.sleep(for: .milliseconds(2))
            } catch {
                descriptor.close()
                throw error
            }
        }
        return FileLock(descriptor: descriptor)
    }
}
