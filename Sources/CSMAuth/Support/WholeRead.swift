/// Reading a descriptor or file whole, until end of file, one `read` at a time. Files of `/proc`
/// report a size of 0 and hand out one page per `read`, so a reader that trusts the size or
/// reads once (Foundation's `String(contentsOfFile:)`) sees only the first 4 KiB of
/// `/proc/locks` on a busy machine; standard input arrives in pieces too.
package enum WholeRead {
    /// Every byte until end of file (at most `limit`); nil when a `read` fails (`errno` says why).
    package static func bytes(of descriptor: Int32, limit: Int = 16 << 20) -> [UInt8]? {
        try? FileDescriptor(rawValue: descriptor).readToEnd(limit: limit)
    }

    /// The text of the file at `path`; nil when it cannot be opened or read.
    static func text(_ path: String) -> String? {
        guard let file = try? FileDescriptor.open(path, .readOnly, .closeOnExec) else { return nil }
        defer { file.close() }
        return (try? file.readToEnd(limit: 16 << 20)).map { String(decoding: $0, as: UTF8.self) }
    }
}
