import FuzzSupport

@testable import CSMAuth

// Feeds arbitrary bytes to the reader of the kernel cache's payload (another process of the same
// user may have written anything into that key), and checks that whatever reads is written back
// byte for byte, and that nothing with a line break or a NUL in a value is ever written.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = FuzzInput.bytes(start, count)
    guard let entry = KernelCachedCredential(payload: bytes) else { return 0 }
    invariant(entry.cloudID.map(CloudID.isValid) ?? true, "an entry with a cloudId that is not an id was read")
    invariant(entry.scheme == .basic || entry.expiresAt != nil, "a Bearer entry without an expiry was read")
    guard let written = entry.payload() else {
        invariant(false, "a readable entry cannot be written back")
        return 0
    }
    invariant(KernelCachedCredential(payload: written) == entry, "the entry reads back differently")
    return 0
}
