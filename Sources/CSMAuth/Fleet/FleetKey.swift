import Crypto
import FoundationEssentials

/// One fleet key: 32 random bytes that seal (AES-256-GCM) everything a fleet keeps in etcd, and
/// an ``id`` that names it in each sealed value without telling anything of it.
///
/// It never shows its bytes: `description`, string interpolation and `dump` give the id only;
/// ``revealBase64()`` is the one way out, for `csm-auth fleet-key`.
package struct FleetKey: Sendable, CustomStringConvertible, CustomReflectable {
    /// The number of random bytes of a key.
    package static let byteCount = 32

    /// The key itself.
    let key: SymmetricKey
    /// The first 8 bytes of the key's SHA-256, as 16 lowercase hex digits: stable, and not secret.
    package let id: String

    /// A key of these bytes.
    /// - Parameter key: 256 bits.
    init(_ key: SymmetricKey) {
        self.key = key
        self.id = key.withUnsafeBytes { bytes in
            SHA256.hash(data: bytes).prefix(8).map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }.joined()
        }
    }

    /// The key written on one line of a key file: the base64 of exactly 32 bytes, white space
    /// around it ignored; nil for anything else.
    /// - Parameter base64Line: the line, as `csm-auth fleet-key` prints it.
    package init?(base64Line: some StringProtocol) {
        guard var bytes = Data(base64Encoded: base64Line.trimmingWhitespaceAndNewlines()).map(Array.init) else {
            return nil
        }
        defer { bytes.withUnsafeMutableBytes(SecretMemory.wipe) }
        guard bytes.count == Self.byteCount else { return nil }
        self.init(SymmetricKey(data: bytes))
    }

    /// A new key of 32 bytes from the system's random number generator.
    package static func generate() -> FleetKey {
        FleetKey(SymmetricKey(size: .bits256))
    }

    /// The key's bytes in base64 (one line of a key file). Call it only to hand the key to its
    /// owner: it is the secret that opens every value of the fleet.
    package func revealBase64() -> String {
        key.withUnsafeBytes { Data($0).base64EncodedString() }
    }

    /// `fleet key ID`, never the key.
    package var description: String { "fleet key \(id)" }
    /// The id only, so `dump` and debuggers show no key.
    package var customMirror: Mirror { Mirror(self, children: ["id": id], displayStyle: .struct) }
}
