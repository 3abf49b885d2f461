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
/// the cloudId, the profile's API URL, and the configuration file's ``ConfigStamp`` (its inode,
/// size, modification and change times: a hand edit makes the entry stale). Never the refresh
/// token or a client secret: the Secret Service (or the credentials file) stays the store of record.
///
/// **Only keys of its own.** A process of another uid that possesses the persistent keyring
/// (through a session keyring that `su` or `setpriv` left shared) can create a key of the same
/// name first, or put one in place of ours. So every key found is checked with `keyctl_describe`
/// before it is read: type `user`, this description, this user's uid and gid, and exactly
/// ``permissions``. Any other key is not read; the call goes to the store as if nothing were
/// cached, and ``report`` says so (`--verbose`). A key is never written where add_key(2) could
/// update another user's key in place: it is made in this process's own keyring (which no other
/// uid can reach), given its permissions and timeout, checked, and only then linked into the
/// persistent keyring, which displaces whatever key of that name was there.
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
    /// The permissions of every key written, and the only ones a key read may have: the owner
    /// may do everything, nobody else (possessor included) anything.
    static let permissions = UInt32(CKEYRING_PERMISSIONS_OWNER_ONLY)

    let description: String
    let configFile: String
    /// The folder of ``configFile``, which must be trusted as ``TrustedFile`` trusts it.
    let configFolder: String
    /// False when `CSM_AUTH_KERNEL_CACHE` turns the cache off: ``lookup()`` finds nothing and
    /// ``store(_:readAt:now:)`` stores nothing, while ``invalidate()`` still works.
    let isEnabled: Bool
    /// Where a key that is not csm-auth's own is reported, one line without any secret: the
    /// session's logger, which `--verbose` shows. Nil on the hot path, which reports nothing.
    var report: (@Sendable (String) -> Void)?

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
        self.configFolder = paths.configFolder
    }

    /// `path` with symbolic links, `.`, `..` and repeated slashes resolved; `path` itself when it does not exist.
    static func realPath(_ path: String) -> String {
        FileSystem.realPath(path) ?? path
    }

    /// The cached entry when there is one, its key is this user's own (see ``ownership(of:)``), it
    /// is intact, and the configuration file has not changed since and may still be trusted
    /// (``ConfigStamp/trusted(file:folder:)``: a file or folder that others can now write must
    /// stop the command, as the store's path does, not be skipped by the cache).
    func lookup() -> KernelCachedCredential? {
        guard isEnabled, let key = findKey() else { return nil }
        if case .foreign(let reason) = ownership(of: key) {
            report?("kernel cache: \(reason); not using it, reading the store instead")
            return nil
        }
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
        guard let entry = KernelCachedCredential(payload: buffer),
            let stamp = ConfigStamp.trusted(file: configFile, folder: configFolder), entry.configStamp == stamp
        else { return nil }
        return entry
    }

    /// Caches `entry` (replacing any previous one) with a kernel timeout at its expiry.
    /// Does nothing when the entry is already expired or the kernel refuses.
    ///
    /// The key is made in this process's own keyring, where no other user can reach it, given
    /// its permissions and timeout, checked, and only then linked into the persistent keyring.
    /// add_key(2) into the persistent keyring would instead update in place a key of the same
    /// name that another uid put there (and that it could read afterwards); linking displaces it.
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
        let key = payload.withUnsafeBytes {
            ckeyring_add(Int32(CKEYRING_PROCESS_KEYRING), description, $0.baseAddress, $0.count)
        }
        guard key > 0 else { return }
        // Only the persistent keyring keeps it: this process's keyring would make the next
        // store of this process update it where it stands.
        defer { _ = ckeyring_unlink(key, Int32(CKEYRING_PROCESS_KEYRING)) }
        guard ckeyring_set_permissions(key, Self.permissions) == 0,
            ckeyring_set_timeout(key, UInt32(clamping: lifetime)) == 0
        else {
            _ = ckeyring_invalidate(key)
            return
        }
        if case .foreign(let reason) = ownership(of: key) {
            report?("kernel cache: \(reason); not caching the token")
            _ = ckeyring_invalidate(key)
            return
        }
        if ckeyring_link(key, keyring) != 0 { _ = ckeyring_invalidate(key) }
    }

    /// Removes the entry: this user's key is invalidated, a key of the same name that is not its
    /// own is unlinked from the persistent keyring (it may hide this user's key from the search).
    /// Returns false only when a key exists and could not be removed.
    @discardableResult
    func invalidate() -> Bool {
        let keyring = ckeyring_persistent()
        guard keyring > 0 else { return true }
        // Each pass removes one key: a planted key (or one nested in a keyring linked into the
        // persistent one) may stand before this user's own.
        for _ in 0..<4 {
            let key = ckeyring_search(keyring, description)
            guard key > 0 else { return true }
            switch ownership(of: key) {
            case .own:
                guard ckeyring_invalidate(key) == 0 else { return false }
            case .foreign(let reason):
                report?("kernel cache: \(reason); removing it from your persistent keyring")
                guard ckeyring_unlink(key, keyring) == 0 || ckeyring_invalidate(key) == 0 else { return false }
            }
        }
        return ckeyring_search(keyring, description) <= 0
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

    /// Whether a key is one that ``store(_:readAt:now:)`` would have written.
    enum Ownership: Equatable {
        case own
        /// Anything else, with what it is, for ``report`` (no secret: the key's id and attributes).
        case foreign(String)
    }

    /// What `keyctl_describe` says of `key`: ``Ownership/own`` only for exactly
    /// `user;UID;GID;PERM;DESCRIPTION` with this process's effective uid and gid, ``permissions``
    /// and this cache's description. Once that holds nobody but this user (and root) can change
    /// the key: only its owner may change its permissions, and they grant nobody else anything.
    func ownership(of key: Int32) -> Ownership {
        let uid = CurrentProcess.effectiveUserID
        let gid = CurrentProcess.effectiveGroupID
        let expected = "user;\(uid);\(gid);\(Self.permissionsText);\(description)"
        var buffer = [UInt8](repeating: 0, count: expected.utf8.count + 256)
        var failure = SystemError(code: 0)
        let size = buffer.withUnsafeMutableBufferPointer { pointer in
            pointer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: pointer.count) {
                let size = ckeyring_describe(key, $0, pointer.count)
                if size < 0 { failure = .lastCall }
                return size
            }
        }
        // The text and its NUL; a longer one than fits is not ours.
        if size == expected.utf8.count + 1, buffer[0..<(size - 1)].elementsEqual(expected.utf8) { return .own }
        // Not ours: say what it is (the message is built only here, off the hot path's way).
        let name = "key \(key) named \(description.printableLine)"
        guard size > 0 else { return .foreign("\(name) cannot be inspected (\(failure.message))") }
        let text = buffer[0..<(min(size, buffer.count) - 1)]
        let fields = text.split(separator: UInt8(ascii: ";"), maxSplits: 4, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self).printableLine }
        guard fields.count == 5 else { return .foreign("\(name) has an unexpected description") }
        guard fields[0] == "user", fields[4] == description.printableLine else {
            return .foreign("\(name) is a '\(fields[0])' key named \(fields[4]), not csm-auth's")
        }
        return .foreign(
            "\(name) belongs to uid \(fields[1]), gid \(fields[2]) with permissions \(fields[3]), not to you "
                + "(uid \(uid), gid \(gid), permissions \(Self.permissionsText))")
    }

    /// ``permissions`` as the kernel describes them: 8 lowercase hex digits.
    static let permissionsText: String = {
        let digits = String(permissions, radix: 16)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }()
}
