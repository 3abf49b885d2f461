import CSMAuth
import FoundationEssentials
import Glibc

/// Standard input, read whole (`api --data @-`).
enum StandardInput {
    /// The largest body read from standard input: far above what the CSM API takes, and a bound
    /// for an endless stream (`</dev/zero`), which would otherwise grow the process until it is
    /// killed with a stack trace.
    static let maximumBytes = 64 << 20

    /// Everything until end of file.
    /// - Throws: ``CSMAuthError`` (`.inputUnavailable`) when reading fails, (`.invalidInput`) when
    ///   there is more than ``maximumBytes``.
    static func readAll(limit: Int = maximumBytes) throws -> Data {
        guard let bytes = WholeRead.bytes(of: STDIN_FILENO, limit: limit + 1) else {
            throw CSMAuthError(.inputUnavailable, "cannot read standard input: \(String(cString: strerror(errno)))")
        }
        guard bytes.count <= limit else {
            throw CSMAuthError(.invalidInput, "the request body on standard input is larger than \(limit >> 20) MiB")
        }
        return Data(bytes)
    }
}
