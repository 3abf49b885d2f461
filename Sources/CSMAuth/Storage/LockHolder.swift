import FoundationEssentials
import Glibc

/// Who holds a `flock`: the kernel lists every lock in `/proc/locks` with the holder's pid and
/// the file's device and inode.
enum LockHolder {
    /// "process 1234 (flock)", or nil when it cannot be told (no /proc, or the lock was just freed).
    static func find(descriptor: Int32) -> String? {
        var info = stat()
        guard fstat(descriptor, &info) == 0, let text = WholeRead.text("/proc/locks") else { return nil }
        let major = (UInt64(info.st_dev) >> 8) & 0xfff | (UInt64(info.st_dev) >> 32) & ~0xfff
        let minor = UInt64(info.st_dev) & 0xff | (UInt64(info.st_dev) >> 12) & ~0xff
        func hex(_ value: UInt64) -> String {
            let digits = String(value, radix: 16)
            return digits.count < 2 ? "0" + digits : digits
        }
        let file = "\(hex(major)):\(hex(minor)):\(UInt64(info.st_ino))"
        for line in text.split(separator: "\n") where !line.contains("->") {
            let fields = line.split(separator: " ")
            // "1: FLOCK ADVISORY WRITE 1234 00:2f:5678 0 EOF"
            guard fields.count >= 6, fields[1] == "FLOCK", fields[5] == file, let pid = Int32(fields[4]),
                pid != getpid()
            else { continue }
            let name = WholeRead.text("/proc/\(pid)/comm")?.trimmingWhitespaceAndNewlines()
            return "process \(pid)" + (name.map { " (\($0))" } ?? "")
        }
        return nil
    }
}
