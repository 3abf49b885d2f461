import CSMAuth
import FoundationEssentials
import Glibc

/// Standard input, read whole (`api --data @-`).
enum StandardInput {
    /// Everything until end of file.
    /// - Throws: ``CSMAuthError`` (`.failure`) when reading fails.
    static func readAll() throws -> Data {
        guard let bytes = WholeRead.bytes(of: STDIN_FILENO, limit: .max) else {
            throw CSMAuthError(.inputUnavailable, "cannot read standard input: \(String(cString: strerror(errno)))")
        }
        return Data(bytes)
    }
}
