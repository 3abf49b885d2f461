import CKernelKeyring
import FoundationEssentials

/// What identifies one version of the configuration file: its device and inode, size,
/// modification time and inode change time (each to the nanosecond). The change time
/// (`st_ctim`) is what no call can set to a chosen value: an edit in place whose modification
/// time is put back with `touch -r` still changes it, as does a `chmod` or a rename over the
/// file. A missing file has a stamp too, so creating it changes the stamp. The file is looked
/// at itself, never through a symbolic link (as ``TrustedFile`` opens it).
struct ConfigStamp: Equatable, Sendable {
    var text: String

    init(text: String) {
        self.text = text
    }

    /// The stamp of the file at `path` as it is now.
    init(path: String) {
        self.init(try? FileStatus(path: path, followingSymbolicLink: false))
    }

    /// The stamp of a file with `status`; nil: no file.
    private init(_ status: FileStatus?) {
        guard let status else {
            text = "none"
            return
        }
        text =
            "\(status.device).\(status.inode).\(status.size).\(status.modifiedSeconds).\(status.modifiedNanoseconds)"
            + ".\(status.changedSeconds).\(status.changedNanoseconds)"
    }

    /// The stamp of the configuration `file` for a kernel-cache lookup, or nil when the store's
    /// path would refuse the file as it is now (``TrustedFile/read(_:kind:)``): not a regular
    /// file, or it or its `folder` not owned by the user (or root) or writable by group or others.
    /// A cached answer must not skip that refusal, which the docs promise stops every command
    /// before any network use. A missing file passes (with the stamp of no file), as it does there.
    /// An `lstat` of the file and a `stat` of its folder: no Foundation, fit for the hot path.
    static func trusted(file: String, folder: String) -> ConfigStamp? {
        guard let status = try? FileStatus(path: file, followingSymbolicLink: false) else { return ConfigStamp(nil) }
        guard status.isRegularFile, TrustedFile.isTrusted(status) else { return nil }
        // A folder that cannot be looked at is left to the store's path, as TrustedFile leaves it.
        if let folderStatus = try? FileStatus(path: folder), !TrustedFile.isTrusted(folderStatus) { return nil }
        return ConfigStamp(status)
    }
}
