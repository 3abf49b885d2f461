import Foundation
import FuzzSupport

@testable import CSMAuth

// Feeds arbitrary bytes to the reader of the stored credentials document (keyring item or file),
// and checks that whatever reads is in range (dates, tokens), never traps when turned into whole
// seconds, and is written back in a form that reads to the same credentials.

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
    // Never accept out of range: every date within the years 1970 to 9999, every token printable.
    invariant(credentials.unusableField == nil, "an unusable \(credentials.unusableField ?? "") was accepted")
    for date in [
        credentials.accessTokenExpiresAt, credentials.refreshTokenFamilyStartedAt, credentials.refreshTokenRotatedAt,
    ] {
        guard let date else { continue }
        invariant(StoredCredentials.validDates.contains(date), "a date out of range was accepted: \(date)")
        // What once ended every command (SIGILL) for a huge stored expiry: whole seconds.
        _ = Int64(date.timeIntervalSince1970.rounded(.down))
    }
    // And what `status` computes from them (the refresh token's limits, RFC 3339 dates).
    let status = ProfileStatus(
        profile: "fuzz", settings: ProfileSettings(), credentials: credentials,
        now: Date(timeIntervalSince1970: 1_700_000_000))
    _ = status.refreshTokenExpiresAt.map { Int64($0.timeIntervalSince1970) }
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
