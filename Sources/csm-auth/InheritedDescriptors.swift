import Glibc

/// The descriptors above 2 that csm-auth was started with: its caller's, which `exec` hands on
/// to the command as a shell would (`csm-auth exec -- cmd 3>file`), unlike every descriptor
/// csm-auth opens itself (keyring and libcurl sockets, lock files), which the command never gets.
enum InheritedDescriptors {
    /// A descriptor and the file it refers to, so that a number csm-auth reuses for a file of its
    /// own after an inherited descriptor was closed is not taken for the caller's.
    struct Identity: Hashable {
        var descriptor: Int32
        var device: UInt64
        var inode: UInt64
    }

    /// What ``record()`` found; written before any other thread starts, read by `exec`.
    nonisolated(unsafe) private static var recorded: Set<Identity> = []

    /// Notes the descriptors open now. Call it first thing, before anything opens a file.
    static func record() {
        recorded = Set(openDescriptors().compactMap { identity(of: $0) })
    }

    /// Whether `descriptor` is one csm-auth was started with, still referring to the same file.
    static func isInherited(_ descriptor: Int32) -> Bool {
        identity(of: descriptor).map(recorded.contains) ?? false
    }

    /// Every open descriptor above 2: from /proc/self/fd, or without /proc by asking for each
    /// number up to the process's limit.
    static func openDescriptors() -> [Int32] {
        guard let folder = opendir("/proc/self/fd") else {
            let limit = Int32(clamping: sysconf(Int32(_SC_OPEN_MAX)))
            return limit > 3 ? (3..<limit).filter { fcntl($0, F_GETFD) != -1 } : []
        }
        defer { closedir(folder) }
        let own = dirfd(folder)
        var descriptors: [Int32] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let descriptor = Int32(name), descriptor > 2, descriptor != own else { continue }
            descriptors.append(descriptor)
        }
        return descriptors
    }

    private static func identity(of descriptor: Int32) -> Identity? {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        return Identity(descriptor: descriptor, device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }
}
