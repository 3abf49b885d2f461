import Crypto
import Foundation
import Testing

@testable import CSMAuth

/// The fleet's values in etcd: sealed under the fleet key with the profile and the value's name
/// bound, opened only by the same key for the same profile and name, and sealed again on rotation.
@Suite struct FleetSealingTests {
    let key = FleetKey.generate()
    let plaintext = Array(#"{"refresh_token":"rt-very-secret","access_token":"at-very-secret"}"#.utf8)
    var ring: FleetKeyRing { FleetKeyRing(current: key) }

    /// Expects `body` to throw the fleet-key refusal for `profile` (`name`): store unavailable,
    /// the message naming them, no byte of a key or of the plaintext in it.
    func expectRefusal(
        profile: String = "sync", name: String = "credentials", _ reason: FleetSealError.Reason? = nil,
        keys: [FleetKey] = [], sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> [UInt8]
    ) {
        do {
            _ = try body()
            Issue.record("the value opened", sourceLocation: sourceLocation)
        } catch let error as FleetSealError {
            #expect(error.category == .storeUnavailable, sourceLocation: sourceLocation)
            #expect(
                error.message.hasPrefix("the fleet key does not open profile \(profile) (\(name)): "),
                "\(error.message)", sourceLocation: sourceLocation)
            if let reason { #expect(error.reason == reason, sourceLocation: sourceLocation) }
            #expect(!error.message.contains("not logged in"), sourceLocation: sourceLocation)
            #expect(!error.message.contains("very-secret"), sourceLocation: sourceLocation)
            for key in keys + [key] {
                #expect(!error.message.contains(key.revealBase64().prefix(12)), sourceLocation: sourceLocation)
            }
            #expect(!error.message.contains("\n"), sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    /// `sealed` with the byte at `index` of its box (nonce, ciphertext, tag) changed, re-encoded.
    func flippingBoxByte(_ sealed: [UInt8], at index: Int) throws -> [UInt8] {
        let value = try SealedFleetValue(parsing: sealed, profile: "sync", name: "credentials")
        var box = value.box
        box[index] ^= 0x01
        return SealedFleetValue(keyID: value.keyID, box: box).text
    }

    @Test func sealedValueOpensForTheSameProfileAndName() throws {
        let sealed = try ring.seal(plaintext, profile: "sync", name: "credentials")
        #expect(try ring.open(sealed, profile: "sync", name: "credentials") == plaintext)
    }

    @Test func emptyValueSealsAndOpens() throws {
        let sealed = try ring.seal([], profile: "sync", name: "settings")
        #expect(try ring.open(sealed, profile: "sync", name: "settings") == [])
    }

    @Test func sealedValueIsTextThatShowsNothingOfThePlaintext() throws {
        let sealed = try ring.seal(plaintext, profile: "sync", name: "credentials")
        let text = String(decoding: sealed, as: UTF8.self)
        #expect(text.hasPrefix("v1.\(key.id)."))
        #expect(sealed.allSatisfy { $0 >= 0x21 && $0 < 0x7F })
        #expect(!text.contains("very-secret"))
        #expect(!text.contains(key.revealBase64()))
    }

    @Test func eachSealUsesAFreshNonce() throws {
        let first = try ring.seal(plaintext, profile: "sync", name: "credentials")
        let second = try ring.seal(plaintext, profile: "sync", name: "credentials")
        #expect(first != second)
        #expect(try ring.open(second, profile: "sync", name: "credentials") == plaintext)
    }

    @Test func valueMovedToAnotherProfileIsRefused() throws {
        let sealed = try ring.seal(plaintext, profile: "sync", name: "credentials")
        expectRefusal(profile: "other", .notAuthentic) { try ring.open(sealed, profile: "other", name: "credentials") }
    }

    @Test func valueMovedToAnotherNameIsRefused() throws {
        let sealed = try ring.seal(plaintext, profile: "sync", name: "credentials")
        expectRefusal(name: "settings", .notAuthentic) { try ring.open(sealed, profile: "sync", name: "settings") }
    }

    @Test func valueSealedUnderAnotherKeyIsRefusedNamingItsKey() throws {
        let other = FleetKey.generate()
        let sealed = try FleetKeyRing(current: other).seal(plaintext, profile: "sync", name: "credentials")
        expectRefusal(.unknownKey(id: other.id), keys: [other]) {
            try ring.open(sealed, profile: "sync", name: "credentials")
        }
    }

    @Test func valueRelabelledWithTheCurrentKeyIdIsRefused() throws {
        let other = FleetKey.generate()
        let sealed = try FleetKeyRing(current: other).seal(plaintext, profile: "sync", name: "credentials")
        let relabelled = Array(String(decoding: sealed, as: UTF8.self).replacing(other.id, with: key.id).utf8)
        expectRefusal(.notAuthentic, keys: [other]) { try ring.open(relabelled, profile: "sync", name: "credentials") }
    }

    @Test(arguments: [0, 11, 12, 20, -1])
    func valueWithOneByteFlippedIsRefused(offset: Int) throws {
        let sealed = try ring.seal(plaintext, profile: "sync", name: "credentials")
        let boxCount = plaintext.count + 28
        let flipped = try flippingBoxByte(sealed, at: offset < 0 ? boxCount + offset : offset)
        expectRefusal(.notAuthentic) { try ring.open(flipped, profile: "sync", name: "credentials") }
    }

    @Test func valueWithOneTextCharacterChangedIsRefused() throws {
        let sealed = try ring.seal(plaintext, profile: "sync", name: "credentials")
        var changed = sealed
        let index = changed.count / 2 + 10
        changed[index] = changed[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        expectRefusal { try ring.open(changed, profile: "sync", name: "credentials") }
    }

    @Test func truncatedValueIsRefused() throws {
        let sealed = try ring.seal(plaintext, profile: "sync", name: "credentials")
        expectRefusal { try ring.open(Array(sealed.dropLast(4)), profile: "sync", name: "credentials") }
    }

    @Test func valueCutToLessThanNonceAndTagIsMalformed() throws {
        let sealed = try ring.seal(plaintext, profile: "sync", name: "credentials")
        expectRefusal(.malformed) { try ring.open(Array(sealed.prefix(30)), profile: "sync", name: "credentials") }
    }

    @Test func valueWithAnotherVersionTagIsRefused() throws {
        let sealed = try ring.seal(plaintext, profile: "sync", name: "credentials")
        let v2 = Array("v2".utf8) + sealed.dropFirst(2)
        expectRefusal(.unknownFormat) { try ring.open(v2, profile: "sync", name: "credentials") }
    }

    @Test func valueWithAnUnknownKeyIdIsRefused() throws {
        let sealed = try ring.seal(plaintext, profile: "sync", name: "credentials")
        let unknown = Array(String(decoding: sealed, as: UTF8.self).replacing(key.id, with: "0123456789abcdef").utf8)
        expectRefusal(.unknownKey(id: "0123456789abcdef")) {
            try ring.open(unknown, profile: "sync", name: "credentials")
        }
    }

    @Test func valueWithAMalformedKeyIdIsRefused() throws {
        let sealed = try ring.seal(plaintext, profile: "sync", name: "credentials")
        let upper = Array(String(decoding: sealed, as: UTF8.self).replacing(key.id, with: key.id.uppercased()).utf8)
        expectRefusal(.malformed) { try ring.open(upper, profile: "sync", name: "credentials") }
    }

    @Test func plainJSONIsRefusedAsMalformed() {
        expectRefusal(.malformed) { try ring.open(Array("{}".utf8), profile: "sync", name: "credentials") }
    }

    @Test func emptyValueIsRefusedAsMalformed() {
        expectRefusal(.malformed) { try ring.open([], profile: "sync", name: "credentials") }
    }

    @Test func paddedOrStandardBase64BoxIsRefusedAsMalformed() throws {
        let sealed = try ring.seal(plaintext, profile: "sync", name: "credentials")
        expectRefusal(.malformed) { try ring.open(sealed + Array("=".utf8), profile: "sync", name: "credentials") }
        let standard = sealed.map { $0 == UInt8(ascii: "-") ? UInt8(ascii: "+") : $0 }
        if standard != sealed {
            expectRefusal(.malformed) { try ring.open(standard, profile: "sync", name: "credentials") }
        }
    }

    @Test func extraFieldIsRefusedAsMalformed() throws {
        let sealed = try ring.seal(plaintext, profile: "sync", name: "credentials")
        expectRefusal(.malformed) { try ring.open(sealed + Array(".x".utf8), profile: "sync", name: "credentials") }
    }

    // MARK: Rotation

    @Test func olderKeyOpensAndTheValueNeedsResealing() throws {
        let old = FleetKey.generate()
        let sealed = try FleetKeyRing(current: old).seal(plaintext, profile: "sync", name: "credentials")
        let rotated = FleetKeyRing(current: key, older: [old])
        #expect(try rotated.open(sealed, profile: "sync", name: "credentials") == plaintext)
        #expect(rotated.needsResealing(sealed))
    }

    @Test func valueUnderTheCurrentKeyNeedsNoResealing() throws {
        let rotated = FleetKeyRing(current: key, older: [FleetKey.generate()])
        let sealed = try rotated.seal(plaintext, profile: "sync", name: "credentials")
        #expect(!rotated.needsResealing(sealed))
        #expect(try rotated.reseal(sealed, profile: "sync", name: "credentials") == nil)
    }

    @Test func malformedOrUnknownValueNeedsNoResealing() throws {
        let stranger = try FleetKeyRing(current: FleetKey.generate()).seal(plaintext, profile: "sync", name: "n")
        #expect(!ring.needsResealing(stranger))
        #expect(!ring.needsResealing(Array("garbage".utf8)))
    }

    @Test func resealGivesAValueTheNewKeyAloneOpens() throws {
        let old = FleetKey.generate()
        let sealed = try FleetKeyRing(current: old).seal(plaintext, profile: "sync", name: "credentials")
        let rotated = FleetKeyRing(current: key, older: [old])
        let resealed = try #require(try rotated.reseal(sealed, profile: "sync", name: "credentials"))
        #expect(!rotated.needsResealing(resealed))
        #expect(String(decoding: resealed, as: UTF8.self).hasPrefix("v1.\(key.id)."))
        #expect(try ring.open(resealed, profile: "sync", name: "credentials") == plaintext)
    }

    @Test func resealRefusesATamperedValue() throws {
        let old = FleetKey.generate()
        let sealed = try FleetKeyRing(current: old).seal(plaintext, profile: "sync", name: "credentials")
        let rotated = FleetKeyRing(current: key, older: [old])
        let flipped = try flippingBoxByte(sealed, at: 15)
        expectRefusal(.notAuthentic, keys: [old]) {
            try rotated.reseal(flipped, profile: "sync", name: "credentials") ?? []
        }
    }

    // MARK: Keys

    @Test func keyIdIsStableAndIsNotTheKey() throws {
        let line = key.revealBase64()
        let again = try #require(FleetKey(base64Line: line))
        #expect(again.id == key.id)
        #expect(key.id.count == 16)
        #expect(key.id.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        let bytes = try #require(Data(base64Encoded: line))
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        #expect(!hex.contains(key.id))
        let digest = SHA256.hash(data: bytes).prefix(8).map { String(format: "%02x", $0) }.joined()
        #expect(key.id == digest)
        #expect(FleetKey.generate().id != key.id)
    }

    @Test func keyAndRingShowNoKeyMaterial() {
        let line = key.revealBase64()
        var dumped = ""
        dump(key, to: &dumped)
        dump(FleetKeyRing(current: key, older: [key]), to: &dumped)
        let shown = [key.description, String(reflecting: key), "\(ring)", dumped]
        for text in shown {
            #expect(!text.contains(line.prefix(12)))
        }
        #expect(key.description == "fleet key \(key.id)")
    }

    @Test func generatedKeyIsThirtyTwoBytesOfBase64() throws {
        let line = FleetKey.generate().revealBase64()
        #expect(try #require(Data(base64Encoded: line)).count == 32)
        #expect(line != FleetKey.generate().revealBase64())
    }

    @Test func keyLineToleratesSurroundingWhiteSpace() throws {
        let line = key.revealBase64()
        #expect(try #require(FleetKey(base64Line: "  \(line)\t\r")).id == key.id)
    }
}
