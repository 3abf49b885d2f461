import FoundationEssentials

/// Who holds a `flock`: the kernel lists every lock in `/proc/locks` with the holder's pid and
/// the file's device and inode.
enum LockHolder {
    /// "process 1234 (flock)", or nil when it cannot be told (no /proc, or the lock was just freed).
    static func find(descriptor: FileDescriptor) -> String? {
        guard let status = try? descriptor.status(), let text = WholeRead.text("/proc/locks") else { return nil }
        let major = (status.device >> 8) & 0xfff | (status.device >> 32) & ~0xfff
        let minor = status.device & 0xff | (status.device >> 12) & ~0xff
        func hex(_ value: UInt64) -> String {
            let digits = String(value, radix: 16)
            return digits.count < 2 ? "0" + digits : digits
        }
        let file = "\(hex(major)):\(hex(minor)):\(status.inode)"
        for line in text.split(separator: "\n") where !line.contains("->") {
            let fields = line.split(separator: " ")
            // "1: FLOCK ADVISORY WRITE 1234 00:2f:5678 0 EOF"
            guard fields.count >= 6, fields[1] == "FLOCK", fields[5] == file, let pid = Int32(fields[4]),
                pid != CurrentProcess.id
            else { continue }
            let name = WholeRead.text("/proc/\(pid)/comm")?.trimmingWhitespaceAndNewlines()
            return "process \(pid)" + (name.map { " (\($0))" } ?? "")
        }
        return nil
    }
}
