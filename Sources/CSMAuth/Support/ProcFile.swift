import Glibc

/// Reading a file of `/proc` whole. Such files report a size of 0 and hand out one page per
/// `read`, so a reader that trusts the size or reads once (Foundation's `String(contentsOfFile:)`)
/// sees only the first 4 KiB of `/proc/locks` on a busy machine.
enum ProcFile {
    /// The file's text, read until end of file; nil when it cannot be read.
    static func text(_ path: String, limit: Int = 16 << 20) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while bytes.count < limit {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
