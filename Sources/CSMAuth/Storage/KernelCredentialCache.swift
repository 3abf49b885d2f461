import CKernelKeyring
import FoundationEssentials

/// The short-lived half of a profile's credential, cached in the Linux kernel keyring so that
/// `token`, `header`, `env` and `exec` can answer without D-Bus, the Secret Service or the
/// configuration file.
///
/// One key of type `user` per profile and configuration folder (description
/// `csm-auth:PROFILE:CONFIG_FOLDER`), in the user's **persistent keyring** (as MIT Kerberos keeps
/// its `KEYRING:persistent:` tickets): it is linked into each caller's process keyring, so the
/// key is possessed, and therefore readable, from every session of the user (a new login, SSH,
/// `keyctl new_session`), and invisible to other users. Its permissions give the owning user
/// everything and nobody else anything, not even a process of another uid that possesses it
/// through a session keyring; the kernel drops it at the token's expiry (a Basic profile's
/// after ``basicLifetime``).
///
/// What it holds: the access token (or a Basic profile's API token and email), its expiry,
/// the cloudId, the profile's API URL, and the size, inode and modification time of the
/// configuration file (a hand edit makes the entry stale). Never the refresh token or a client
/// secret: the Secret Service (or the credentials file) stays the store of record.
///
/// Every failure (no keyctl in a container, `EPERM` from seccomp, quota) is silent: the caller
/// falls back to the store. `CSM_AUTH_KERNEL_CACHE=0` turns the cache off: nothing is read or
/// written then, but a change of the profile still drops what an earlier call cached.
struct KernelCredentialCache: Sendable {
    /// How long a Basic profile's API token (which has no expiry) stays cached.
    static let basicLifetime: Int64 = 3600
    /// The kernel accepts descriptions up to 4095 bytes.
    private static let maximumDescriptionBytes = 4095
    /// The kernel accepts `user` payloads up to 32767 bytes.
    private static let maximumPayloadBytes = 32767

    let description: String
    let configFile: String
    /// False when `CSM_AUTH_KERNEL_CACHE` turns the cache off: ``lookup()`` finds nothing and
    /// ``store(_:readAt:now:)`` stores nothing, while ``invalidate()`` still works.
    let isEnabled: Bool

    /// The cache of `profile` under `paths`, off when `setting` (the value of
    /// `CSM_AUTH_KERNEL_CACHE`) is `0`, `false`, `no` or `off`; nil when the description would be too long.
    init?(profile: String, paths: CSMAuthPaths, setting: String?) {
        switch setting?.trimmingWhitespaceAndNewlines().lowercased() {
        case "0", "false", "no", "off": isEnabled = false
        default: isEnabled = true
        }
        // The folder's real path: `…/config/`, `…//config` or a symbolic link to it name the same
        // profiles, so they must name the same key (or a refresh under one spelling would leave
        // the old token cached under another).
        let description = "csm-auth:\(profile):\(Self.realPath(paths.configFolder))"
        guard description.utf8.count <= Self.maximumDescriptionBytes, !description.utf8.contains(0) else { return nil }
        self.description = description
        self.configFile = paths.configFile
    }

    /// `path` with symbolic links, `.`, `..` and repeated slashes resolved; `path` itself when it does not exist.
    static func realPath(_ path: String) -> String {
        FileSystem.realPath(path) ?? path
    }

    /// The cached entry when there is one, it is intact, and the configuration file has not changed since.
    func lookup() -> KernelCachedCredential? {
        guard isEnabled, let key = findKey() else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let size = buffer.withUnsafeMutableBufferPointer { pointer in
                pointer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: pointer.count) {
                    ckeyring_read(key, $0, pointer.count)
                }
            }
            guard size >= 0, size <= Self.maximumPayloadBytes else { return nil }
            if size <= buffer.count {
                buffer.removeLast(buffer.count - size)
                break
            }
            buffer = [UInt8](repeating: 0, count: size)
        }
        defer { buffer.withUnsafeMutableBytes { SecretMemory.wipe($0) } }
        guard let entry = KernelCachedCredential(payload: buffer), entry.configStamp == ConfigStamp(path: configFile)
        else { return nil }
        return entry
    }

    /// Caches `entry` (replacing any previous one) with a kernel timeout at its expiry.
    /// Does nothing when the entry is already expired or the kernel refuses.
    /// - Parameter stamp: the configuration file as it was *before* the settings behind `entry`
    ///   were read: a change made while the token was being fetched then makes the entry stale.
    func store(_ entry: KernelCachedCredential, readAt stamp: ConfigStamp, now: Int64 = KernelClock.now()) {
        guard isEnabled else { return }
        var entry = entry
        entry.configStamp = stamp
        let lifetime = (entry.expiresAt ?? now + Self.basicLifetime) - now
        guard lifetime > 0, var payload = entry.payload(), payload.count <= Self.maximumPayloadBytes else { return }
        defer { payload.withUnsafeMutableBytes { SecretMemory.wipe($0) } }
        let keyring = ckeyring_persistent()
        guard keyring > 0 else { return }
        let key = payload.withUnsafeBytes { ckeyring_add(keyring, description, $0.baseAddress, $0.count) }
        guard key > 0 else { return }
        guard ckeyring_set_permissions(key, UInt32(CKEYRING_PERMISSIONS_OWNER_ONLY)) == 0,
            ckeyring_set_timeout(key, UInt32(clamping: lifetime)) == 0
        else {
            _ = ckeyring_invalidate(key)
            return
        }
    }

    /// Removes the entry. Returns false only when a key exists and could not be removed.
    @discardableResult
    func invalidate() -> Bool {
        guard let key = findKey() else { return true }
        return ckeyring_invalidate(key) == 0
    }

    /// Whether an entry is cached, for `status` (nil when the kernel keyring cannot be used).
    func isCached() -> Bool {
        lookup() != nil
    }

    /// Whether the kernel lets this process use the user's persistent keyring (no kernel support
    /// or a seccomp profile that refuses `keyctl` says no); `doctor` reports it.
    static func isAvailable() -> Bool {
        ckeyring_persistent() > 0
    }

    private func findKey() -> Int32? {
        let keyring = ckeyring_persistent()
        guard keyring > 0 else { return nil }
        let key = ckeyring_search(keyring, description)
        return key > 0 ? key : nil
    }
}
