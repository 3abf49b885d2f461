import Glibc

/// Memory that held a secret.
enum SecretMemory {
    /// Overwrites a buffer that held a secret before it is freed, with `explicit_bzero`: a plain
    /// store of zeros into memory that is about to be freed may be optimised away.
    static func wipe(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress else { return }
        explicit_bzero(base, buffer.count)
    }
}
