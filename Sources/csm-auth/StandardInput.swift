import CSMAuth
import FoundationEssentials
import Glibc

/// Standard input, read whole (`api --data @-`).
enum StandardInput {
    /// Everything until end of file.
    /// - Throws: ``CSMAuthError`` (`.failure`) when reading fails.
    static func readAll() throws -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count == 0 { return data }
            if count < 0 {
                if errno == EINTR { continue }
                throw CSMAuthError(.failure, "cannot read standard input: \(String(cString: strerror(errno)))")
            }
            data.append(contentsOf: buffer[..<count])
        }
    }
}
