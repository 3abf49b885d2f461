import FoundationEssentials

/// The text form of a sealed fleet value, `v1.KEYID.BASE64URL`: the format tag, the id of the
/// key that sealed it (16 lowercase hex digits) and the AES-GCM box (12-byte nonce, ciphertext,
/// 16-byte tag) in unpadded base64url. Only ASCII, so etcd's JSON and `etcdctl` show it as is.
struct SealedFleetValue {
    /// The format tag, first in the text and in the authenticated data.
    static let version = "v1"
    /// The shortest box: a nonce and a tag around an empty ciphertext.
    static let minimumBoxBytes = 12 + 16

    /// The id of the key that sealed the value.
    let keyID: String
    /// The nonce, the ciphertext and the tag.
    let box: [UInt8]

    /// A value sealed under the key `keyID` into `box` (nonce, ciphertext, tag).
    init(keyID: String, box: [UInt8]) {
        self.keyID = keyID
        self.box = box
    }

    /// The value in `text`, refused as ``FleetSealError`` for `name` of `profile` unless it is
    /// well formed.
    init(parsing text: [UInt8], profile: String, name: String) throws(FleetSealError) {
        let parts = text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw FleetSealError(.malformed, profile: profile, name: name) }
        guard Array(parts[0]) == Array(Self.version.utf8) else {
            let looksVersioned = parts[0].first == UInt8(ascii: "v") && parts[0].count <= 8
            throw FleetSealError(looksVersioned ? .unknownFormat : .malformed, profile: profile, name: name)
        }
        guard let keyID = Self.keyID(parts[1]),
            let box = Self.decodeBase64URL(parts[2]), box.count >= Self.minimumBoxBytes
        else { throw FleetSealError(.malformed, profile: profile, name: name) }
        self.keyID = keyID
        self.box = box
    }

    /// The key id a well-formed `v1` value names, nil for anything else.
    static func keyID(of text: [UInt8]) -> String? {
        let parts = text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3, Array(parts[0]) == Array(version.utf8) else { return nil }
        return keyID(parts[1])
    }

    /// The text: ASCII bytes.
    var text: [UInt8] {
        Array("\(Self.version).\(keyID).\(Self.encodeBase64URL(box))".utf8)
    }

    /// What the box authenticates beside its ciphertext:
    /// `csm-auth-fleet-v1 NUL KEYID NUL PROFILE NUL NAME` in UTF-8. Profile names and value
    /// names hold no NUL, so no two (profile, name) pairs give the same bytes.
    static func authenticatedData(keyID: String, profile: String, name: String) -> [UInt8] {
        Array("csm-auth-fleet-\(version)\u{0}\(keyID)\u{0}\(profile)\u{0}\(name)".utf8)
    }

    private static func keyID(_ bytes: ArraySlice<UInt8>) -> String? {
        let isHex = bytes.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
        guard bytes.count == 16, isHex else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func encodeBase64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacing("+", with: "-").replacing("/", with: "_").replacing("=", with: "")
    }

    /// Unpadded base64url only, in its one canonical spelling: `+`, `/`, `=`, any other byte, or
    /// unused bits that are not zero make it malformed, so no two texts open to the same box.
    private static func decodeBase64URL(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
        let isBase64URL = bytes.allSatisfy { byte in
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
        guard isBase64URL, bytes.count % 4 != 1 else { return nil }
        var text = String(decoding: bytes, as: UTF8.self).replacing("-", with: "+").replacing("_", with: "/")
        text += String(repeating: "=", count: (4 - text.utf8.count % 4) % 4)
        guard let decoded = Data(base64Encoded: text).map(Array.init),
            Array(encodeBase64URL(decoded).utf8) == Array(bytes)
        else { return nil }
        return decoded
    }
}
