import Glibc

/// What `stat` tells about a file: its type, owner, permissions and identity.
struct FileStatus: Sendable {
    /// The owner's user id.
    let owner: UInt32
    /// The permission bits of the mode (`st_mode & 0o7777`): 0o600 for a private file.
    let permissions: UInt32
    /// Whether it is a directory.
    let isDirectory: Bool
    /// Whether it is a regular file (not a directory, link, device, FIFO or socket).
    let isRegularFile: Bool
    /// The device the file is on (`st_dev`).
    let device: UInt64
    /// The file's inode on that device.
    let inode: UInt64
    /// The size in bytes.
    let size: Int
    /// The last modification's whole seconds since 1970.
    let modifiedSeconds: Int
    /// The last modification's nanoseconds within its second.
    let modifiedNanoseconds: Int
    /// The last change of the inode (contents, mode, owner, links, a rename), whole seconds
    /// since 1970 (`st_ctim`). Unlike the modification time, no call sets it to a chosen value
    /// (`touch -r` and `utimensat` set it to now).
    let changedSeconds: Int
    /// The last inode change's nanoseconds within its second.
    let changedNanoseconds: Int

    /// The status of the file at `path` (`stat`), or with `followingSymbolicLink: false` of the
    /// symbolic link itself when `path` is one (`lstat`).
    init(path: String, followingSymbolicLink: Bool = true) throws(SystemError) {
        var info = stat()
        let result = followingSymbolicLink ? stat(path, &info) : lstat(path, &info)
        guard result == 0 else { throw .lastCall }
        self.init(info)
    }

    /// The status of an open file (`fstat`).
    init(of descriptor: FileDescriptor) throws(SystemError) {
        var info = stat()
        guard fstat(descriptor.rawValue, &info) == 0 else { throw .lastCall }
        self.init(info)
    }

    private init(_ info: stat) {
        owner = info.st_uid
        permissions = info.st_mode & 0o7777
        isDirectory = info.st_mode & S_IFMT == S_IFDIR
        isRegularFile = info.st_mode & S_IFMT == S_IFREG
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int(info.st_size)
        modifiedSeconds = Int(info.st_mtim.tv_sec)
        modifiedNanoseconds = Int(info.st_mtim.tv_nsec)
        changedSeconds = Int(info.st_ctim.tv_sec)
        changedNanoseconds = Int(info.st_ctim.tv_nsec)
    }
}
