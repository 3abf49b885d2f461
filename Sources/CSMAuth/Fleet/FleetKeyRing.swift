import Crypto
import FoundationEssentials

/// The fleet's keys: the ``current`` one seals, it and the ``older`` ones open. Keeping the old
/// key below the new one while every value is sealed again (``reseal(_:profile:name:)``) lets
/// a fleet change its key without a moment when a machine cannot read.
///
/// A sealed value is short ASCII text, so `etcdctl get` shows nothing secret:
/// `v1.KEYID.BASE64URL(nonce | ciphertext | tag)`, AES-256-GCM with a random 12-byte nonce, and
/// as authenticated data the format tag, the key id, the profile and the value's name. A value
/// copied to another profile or name, or relabelled with another key's id, does not open.
package struct FleetKeyRing: FleetSealing, CustomStringConvertible {
    /// The variable naming the key file.
    package static let fileVariable = "CSM_AUTH_FLEET_KEY_FILE"

    /// The key that seals; it opens too.
    package let current: FleetKey
    /// Keys that only open: the fleet's previous keys, while values are sealed again.
    package let older: [FleetKey]

    /// - Parameters:
    ///   - current: the key that seals.
    ///   - older: keys accepted for opening only.
    package init(current: FleetKey, older: [FleetKey] = []) {
        self.current = current
        self.older = older
    }

    /// The keys of the file at `path`: its first key is ``current``, the others ``older``.
    /// - Throws: ``FleetKeyFileError`` (store unavailable) when the file is missing, unreadable,
    ///   open to group or others, not a regular file, holds no key, or has a line that is no key.
    package static func load(path: String) throws(FleetKeyFileError) -> FleetKeyRing {
        let keys = try FleetKeyFile.keys(at: path)
        return FleetKeyRing(current: keys[0], older: Array(keys.dropFirst()))
    }

    /// The keys of the file that `CSM_AUTH_FLEET_KEY_FILE` names (see ``load(path:)``).
    /// - Parameter variables: the environment, such as ``CSMAuthEnvironment/variables``.
    /// - Throws: ``FleetKeyFileError`` when the variable is unset or empty, or the file unusable.
    package static func load(variables: [String: String]) throws(FleetKeyFileError) -> FleetKeyRing {
        guard let path = variables[fileVariable], !path.isEmpty else {
            throw FleetKeyFileError(
                "\(fileVariable) is not set: point it at the fleet's key file, or make one with "
                    + "`(umask 077; csm-auth fleet-key > fleet.key)`")
        }
        return try load(path: path)
    }

    /// `fleet keys ID (current), ID…`, never a key.
    package var description: String {
        "fleet keys " + ([current.id + " (current)"] + older.map(\.id)).joined(separator: ", ")
    }

    // MARK: Sealing

    /// `plaintext` sealed under ``current`` for `name` of `profile`, as `v1.KEYID.BASE64URL` text.
    /// - Throws: ``FleetSealError`` (`.sealingFailed`) in the unlikely case the cipher refuses.
    package func seal(_ plaintext: [UInt8], profile: String, name: String) throws -> [UInt8] {
        let box: AES.GCM.SealedBox
        do {
            box = try AES.GCM.seal(
                plaintext, using: current.key, nonce: AES.GCM.Nonce(),
                authenticating: SealedFleetValue.authenticatedData(keyID: current.id, profile: profile, name: name))
        } catch {
            throw FleetSealError(.sealingFailed, profile: profile, name: name)
        }
        guard let combined = box.combined else { throw FleetSealError(.sealingFailed, profile: profile, name: name) }
        return SealedFleetValue(keyID: current.id, box: Array(combined)).text
    }

    /// The plaintext of a value ``seal(_:profile:name:)`` made for `name` of `profile`, under the
    /// current key or an older one (the value names its key).
    /// - Throws: ``FleetSealError`` (store unavailable): the value is malformed, in another
    ///   format, sealed under a key the ring lacks, or fails authentication.
    package func open(_ sealed: [UInt8], profile: String, name: String) throws -> [UInt8] {
        let value = try SealedFleetValue(parsing: sealed, profile: profile, name: name)
        guard let key = key(withID: value.keyID) else {
            throw FleetSealError(.unknownKey(id: value.keyID), profile: profile, name: name)
        }
        do {
            let box = try AES.GCM.SealedBox(combined: value.box)
            let plaintext = try AES.GCM.open(
                box, using: key.key,
                authenticating: SealedFleetValue.authenticatedData(keyID: key.id, profile: profile, name: name))
            return Array(plaintext)
        } catch {
            throw FleetSealError(.notAuthentic, profile: profile, name: name)
        }
    }

    /// Whether `sealed` names one of the ``older`` keys (and not the current one): rotation
    /// must seal it again. A value that is malformed or names an unknown key is not (opening it
    /// says what is wrong).
    package func needsResealing(_ sealed: [UInt8]) -> Bool {
        guard let keyID = SealedFleetValue.keyID(of: sealed), keyID != current.id else { return false }
        return older.contains { $0.id == keyID }
    }

    /// For a key rotation: `sealed` opened and sealed again under ``current`` when it was sealed
    /// under an older key, nil when it already is under the current one (it is opened all the
    /// same, so a damaged value is found during the rotation, not after it).
    /// - Throws: ``FleetSealError`` when the value does not open (see ``open(_:profile:name:)``).
    package func reseal(_ sealed: [UInt8], profile: String, name: String) throws -> [UInt8]? {
        var plaintext = try open(sealed, profile: profile, name: name)
        defer { plaintext.withUnsafeMutableBytes(SecretMemory.wipe) }
        guard SealedFleetValue.keyID(of: sealed) != current.id else { return nil }
        return try seal(plaintext, profile: profile, name: name)
    }

    private func key(withID id: String) -> FleetKey? {
        ([current] + older).first { $0.id == id }
    }
}
