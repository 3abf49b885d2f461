import Foundation

/// An exclusive, cross-process advisory lock (`flock`) for one profile's refresh.
///
/// The kernel releases it when the process dies, so a crashed refresh never leaves a stale lock.
final class ProfileLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Takes the lock of `profile` in `folder`, waiting at most `timeout`.
    /// - Throws: ``CSMAuthError`` (`.failure`) when another process holds it for longer.
    static func acquire(profile: String, folder: String, timeout: Duration) async throws -> ProfileLock {
        let path = "\(folder)/\(profile).lock"
        return try await runBlocking {
            do { try PrivateFile.ensureFolder(folder) } catch { throw CSMAuthError(.failure, "\(error)") }
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard descriptor >= 0 else {
                throw CSMAuthError(.failure, "cannot open the lock file \(path): \(String(cString: strerror(errno)))")
            }
            let deadline = ContinuousClock.now + timeout
            while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
                guard errno == EWOULDBLOCK || errno == EINTR, ContinuousClock.now < deadline else {
                    close(descriptor)
                    throw CSMAuthError(.failure, "another csm-auth process has held the refresh lock of profile '\(profile)' for over \(timeout); try again")
                }
                usleep(5_000)
            }
            return ProfileLock(descriptor: descriptor)
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
