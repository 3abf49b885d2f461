import CKernelKeyring
import FoundationEssentials

/// What identifies one version of the configuration file: its inode, size and modification time
/// (to the nanosecond). A missing file has a stamp too, so creating it changes the stamp.
struct ConfigStamp: Equatable, Sendable {
    var text: String

    init(text: String) {
        self.text = text
    }

    init(path: String) {
        guard let status = try? FileStatus(path: path) else {
            text = "none"
            return
        }
        text = "\(status.device).\(status.inode).\(status.size).\(status.modifiedSeconds).\(status.modifiedNanoseconds)"
    }
}
