/// Seals and opens the values a fleet keeps in etcd: each one encrypted and authenticated under
/// the fleet key, with the profile and the value's name bound to it, so a value copied to another
/// profile or name (or sealed under another key) does not open.
package protocol FleetSealing: Sendable {
    /// `plaintext` sealed for `name` of `profile`: bytes that show nothing of it.
    /// - Parameters:
    ///   - plaintext: the value to keep.
    ///   - profile: the profile it belongs to.
    ///   - name: which of the profile's values it is (`settings`, `credentials`).
    func seal(_ plaintext: [UInt8], profile: String, name: String) throws -> [UInt8]

    /// The plaintext of a value ``seal(_:profile:name:)`` made for the same profile and name.
    /// - Throws: a ``CategorizedError`` of category `.storeUnavailable` when no key at hand opens it
    ///   (another fleet key, a value moved from another profile or name, or a changed byte).
    func open(_ sealed: [UInt8], profile: String, name: String) throws -> [UInt8]
}
