import Foundation
import FuzzSupport

@testable import CSMAuth

// Feeds arbitrary bytes to the reader of the stored credentials document (keyring item or file),
// and checks that whatever reads is written back in a form that reads to the same credentials.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = Data(FuzzInput.bytes(start, count))
    let credentials: StoredCredentials
    do {
        credentials = try StoredCredentials.decoded(from: data, location: "fuzz")
    } catch let error as CredentialStoreError {
        invariant(error.code == .corrupt, "a bad document is not reported as corrupt: \(error.code)")
        return 0
    } catch {
        invariant(false, "an error that is not a CredentialStoreError: \(error)")
        return 0
    }
    do {
        let encoded = try credentials.encoded()
        let decoded = try StoredCredentials.decoded(from: encoded, location: "fuzz")
        invariant(
            decoded == credentials, "the credentials read back differently: \(String(decoding: encoded, as: UTF8.self))"
        )
    } catch {
        invariant(false, "readable credentials do not survive a write and a read: \(error)")
    }
    return 0
}
