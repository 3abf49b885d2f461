import FuzzSupport

@testable import CSMAuth

// Feeds arbitrary bytes to the reader of the kernel cache's payload (another process of the same
// user may have written anything into that key), and checks that whatever reads is written back
// byte for byte, that nothing with a line break or a NUL in a value is ever written, and that
// nothing read holds a control or invisible character or a URL that is not https (or loopback http).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = FuzzInput.bytes(start, count)
    guard let entry = KernelCachedCredential(payload: bytes) else { return 0 }
    invariant(entry.cloudID.map(CloudID.isValid) ?? true, "an entry with a cloudId that is not an id was read")
    invariant(entry.scheme == .basic || entry.expiresAt != nil, "a Bearer entry without an expiry was read")
    let values = [
        entry.token.reveal(), entry.authorization.reveal(), entry.cloudID, entry.apiURLSetting, entry.apiURLVariable,
        entry.csmBaseURL, entry.configStamp.text,
    ]
    invariant(
        !values.contains { $0?.unicodeScalars.contains { $0.isControlOrInvisible } ?? false },
        "an entry with a control or invisible character was read")
    invariant(
        [entry.apiURLSetting, entry.apiURLVariable, entry.csmBaseURL].allSatisfy {
            $0.map(EndpointURL.isPlainlyAcceptable) ?? true
        }, "an entry with a URL the settings could not name was read")
    guard let written = entry.payload() else {
        invariant(false, "a readable entry cannot be written back")
        return 0
    }
    invariant(KernelCachedCredential(payload: written) == entry, "the entry reads back differently")
    return 0
}
