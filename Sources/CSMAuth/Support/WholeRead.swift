import Glibc

/// Reading a descriptor or file whole, until end of file, one `read` at a time. Files of `/proc`
/// report a size of 0 and hand out one page per `read`, so a reader that trusts the size or
/// reads once (Foundation's `String(contentsOfFile:)`) sees only the first 4 KiB of
/// `/proc/locks` on a busy machine; standard input arrives in pieces too.
package enum WholeRead {
    /// Every byte until end of file (at most `limit`); nil when a `read` fails (`errno` says why).
    package static func bytes(of descriptor: Int32, limit: Int = 16 << 20) -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while bytes.count < limit {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            bytes += chunk[..<count]
        }
        return bytes
    }

    /// The text of the file at `path`; nil when it cannot be opened or read.
    static func text(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        return bytes(of: descriptor).map { String(decoding: $0, as: UTF8.self) }
    }
}
