import FoundationEssentials

/// Reads the fleet key file (`CSM_AUTH_FLEET_KEY_FILE`): one base64 key per line, the first the
/// current one, `#` comments and blank lines ignored.
///
/// The file holds the secret that opens every value of the fleet, so it is read only when
/// nobody else can read or change it: a regular file (a symbolic link is followed, as Kubernetes
/// mounts a Secret, and its target is checked), owned by the user or root, with no permission
/// for group or others (0600 or 0400).
enum FleetKeyFile {
    /// The largest file read: a handful of keys take a few hundred bytes.
    static let maximumBytes = 64 * 1024

    /// The keys of the file at `path`, in the file's order.
    /// - Throws: ``FleetKeyFileError`` saying what is wrong and how to fix it.
    static func keys(at path: String) throws(FleetKeyFileError) -> [FleetKey] {
        var bytes = try contents(of: path)
        defer { bytes.withUnsafeMutableBytes(SecretMemory.wipe) }
        var keys: [FleetKey] = []
        for (index, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .enumerated()
        {
            let text = String(decoding: line, as: UTF8.self).trimmingWhitespaceAndNewlines()
            if text.isEmpty || text.hasPrefix("#") { continue }
            guard let key = FleetKey(base64Line: text) else {
                throw FleetKeyFileError(
                    "line \(index + 1) of \(path.printableLine) is not a fleet key: base64 of 32 random bytes "
                        + "(make one with `csm-auth fleet-key`)")
            }
            keys.append(key)
        }
        guard !keys.isEmpty else {
            throw FleetKeyFileError(
                "the fleet key file \(path.printableLine) holds no key: put one made by `csm-auth fleet-key` "
                    + "on its first line")
        }
        return keys
    }

    /// The bytes of the file, once its type, owner and modes passed.
    private static func contents(of path: String) throws(FleetKeyFileError) -> [UInt8] {
        let shown = path.printableLine
        let file: FileDescriptor
        do {
            file = try .open(path, .readOnly, [.closeOnExec, .nonBlocking])
        } catch {
            let fix =
                error == .noSuchFile
                ? "; make one with `(umask 077; csm-auth fleet-key > \(shown))`, or point CSM_AUTH_FLEET_KEY_FILE at the fleet's key"
                : ""
            throw FleetKeyFileError("cannot open the fleet key file \(shown): \(error.message)\(fix)")
        }
        defer { file.close() }
        let status: FileStatus
        do {
            status = try file.status()
        } catch {
            throw FleetKeyFileError("cannot inspect the fleet key file \(shown): \(error.message)")
        }
        try check(status, path: shown)
        let bytes: [UInt8]
        do {
            bytes = try file.readToEnd(limit: maximumBytes + 1)
        } catch {
            throw FleetKeyFileError("cannot read the fleet key file \(shown): \(error.message)")
        }
        guard bytes.count <= maximumBytes else {
            throw FleetKeyFileError(
                "refusing to use the fleet key file \(shown): it is larger than \(maximumBytes / 1024) KiB")
        }
        return bytes
    }

    /// Throws unless the opened file is a regular file of the user or root that only its owner
    /// may read or change.
    private static func check(_ status: FileStatus, path: String) throws(FleetKeyFileError) {
        guard status.isRegularFile else {
            throw FleetKeyFileError("refusing to use the fleet key file \(path): it is not a regular file")
        }
        let user = CurrentProcess.effectiveUserID
        guard status.owner == user || status.owner == 0 else {
            throw FleetKeyFileError(
                "refusing to use the fleet key file \(path): it belongs to user \(status.owner), not to you (\(user)) "
                    + "or root; `chown` it if you trust it")
        }
        guard status.permissions & 0o077 == 0 else {
            let mode = String(status.permissions & 0o777, radix: 8)
            throw FleetKeyFileError(
                "refusing to use the fleet key file \(path): group or others may read or change it (mode \(mode)); "
                    + "run `chmod 600 \(path)`, and make a new key if others may have read it")
        }
    }
}
