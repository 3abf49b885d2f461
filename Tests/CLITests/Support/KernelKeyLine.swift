import Foundation
import Testing

/// One live key's line of `/proc/keys`: "ID FLAGS USAGE TIMEOUT PERM UID GID TYPE DESCRIPTION: SUMMARY".
struct KernelKeyLine: Equatable {
    var id: Int32
    var timeout: String
    var permissions: String
    var type: String
    var description: String

    /// The timeout in seconds when the kernel shows it in seconds ("49s"); nil for "perm", minutes and more.
    var timeoutSeconds: Int? {
        timeout.hasSuffix("s") ? Int(timeout.dropLast()) : nil
    }

    /// Every line: read to the end, as `/proc` hands out one page per read (and
    /// `String(contentsOfFile:)` stops after the first).
    static func all() throws -> [KernelKeyLine] {
        let handle = try #require(FileHandle(forReadingAtPath: "/proc/keys"))
        defer { try? handle.close() }
        let text = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", maxSplits: 8, omittingEmptySubsequences: true)
            // Flags "I--Q---": an invalidated (i), revoked (R) or dead (D) key is listed until the
            // kernel's garbage collector gets to it, but no process can use it any more.
            guard fields.count == 9, let id = Int32(fields[0], radix: 16),
                !fields[1].contains(where: { "iRD".contains($0) })
            else { return nil }
            let description = fields[8].drop { $0 == " " }
            return KernelKeyLine(
                id: id, timeout: String(fields[3]), permissions: String(fields[4]), type: String(fields[7]),
                description: String(description))
        }
    }
}
