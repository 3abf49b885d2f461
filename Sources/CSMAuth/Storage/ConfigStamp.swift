import CKernelKeyring
import FoundationEssentials
import Glibc

/// What identifies one version of the configuration file: its inode, size and modification time
/// (to the nanosecond). A missing file has a stamp too, so creating it changes the stamp.
struct ConfigStamp: Equatable, Sendable {
    var text: String

    init(text: String) {
        self.text = text
    }

    init(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            text = "none"
            return
        }
        text = "\(info.st_dev).\(info.st_ino).\(info.st_size).\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }
}
