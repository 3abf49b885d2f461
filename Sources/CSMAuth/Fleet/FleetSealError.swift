/// A fleet value that the keys at hand cannot open (or seal): the store is unusable for the
/// profile until the right key is in the key file, which is "store unavailable" (exit 5), never
/// "not logged in" — logging in again would not help, and would overwrite the fleet's login.
package struct FleetSealError: CategorizedError, Sendable, Equatable {
    /// Why the value does not open.
    package enum Reason: Sendable, Equatable {
        /// The bytes are not a sealed fleet value at all (cut short, not base64, no key id).
        case malformed
        /// The value names a format this version does not know (`v2.…`).
        case unknownFormat
        /// The value was sealed under the key with this id, which the key file does not hold.
        case unknownKey(id: String)
        /// The value fails authentication: a byte changed, it was moved from another profile or
        /// name, or it was sealed under another key.
        case notAuthentic
        /// Sealing itself failed (the cipher refused).
        case sealingFailed
    }

    /// The profile whose value it is.
    package let profile: String
    /// Which of the profile's values (`settings`, `credentials`).
    package let name: String
    /// Why it does not open.
    package let reason: Reason

    /// - Parameters:
    ///   - reason: why the value does not open.
    ///   - profile: the profile whose value it is.
    ///   - name: which of the profile's values.
    package init(_ reason: Reason, profile: String, name: String) {
        self.reason = reason
        self.profile = profile
        self.name = name
    }

    /// One line: `the fleet key does not open profile PROFILE (NAME): REASON`. It names key ids,
    /// which are not secret, and never a byte of a key or of a value.
    package var message: String {
        let value = "profile \(profile.printableLine) (\(name.printableLine))"
        switch reason {
        case .malformed:
            return "the fleet key does not open \(value): the stored value is not a sealed fleet value"
        case .unknownFormat:
            return "the fleet key does not open \(value): the stored value is in a format this version does not know"
        case .unknownKey(let id):
            return
                "the fleet key does not open \(value): it was sealed under key \(id), which is not in the key file "
                + "(CSM_AUTH_FLEET_KEY_FILE); add that key below the current one"
        case .notAuthentic:
            return
                "the fleet key does not open \(value): it fails authentication "
                + "(changed, moved from another profile or value, or sealed under another key)"
        case .sealingFailed:
            return "cannot seal \(value) under the fleet key: the cipher refused"
        }
    }

    /// Always `.storeUnavailable` (exit 5).
    package var category: ErrorCategory { .storeUnavailable }
    /// ``message``.
    package var description: String { message }
}
