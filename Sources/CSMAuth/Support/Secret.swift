/// A secret value (client secret, token, API token) that never shows itself.
///
/// `description`, `debugDescription`, string interpolation and `dump` all print
/// `<redacted>`; the value is reached only through ``reveal()``, so every place
/// that uses it is easy to find and review. Equality runs in constant time.
public struct Secret: Sendable, Hashable, Codable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    private let value: String

    /// Wraps a secret value.
    public init(_ value: String) {
        self.value = value
    }

    /// The secret itself. Call it only where the value leaves the process on purpose.
    public func reveal() -> String {
        value
    }

    /// Whether the secret is the empty string.
    public var isEmpty: Bool { value.isEmpty }

    /// `<redacted>`, never the value.
    public var description: String { "<redacted>" }
    /// `Secret(<redacted>)`, never the value.
    public var debugDescription: String { "Secret(<redacted>)" }
    /// A mirror without children, so `dump` and debuggers show no value.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// Compares in time that depends on the lengths only, not on where the values differ.
    public static func == (lhs: Secret, rhs: Secret) -> Bool {
        constantTimeEquals(Array(lhs.value.utf8), Array(rhs.value.utf8))
    }

    /// Hashes the value, so equal secrets hash equally.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
    }

    /// Reads the value from a single string.
    /// - Throws: the decoder's error when there is no string.
    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(String.self)
    }

    /// Writes the value itself as a single string: unlike printing, encoding reveals the secret
    /// (the stores rely on it), so encode a `Secret` only into storage meant for it.
    /// - Throws: the encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// Compares two byte strings without an early exit, so timing does not tell where they differ.
func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    guard lhs.count == rhs.count else { return false }
    var difference: UInt8 = 0
    for index in lhs.indices {
        difference |= lhs[index] ^ rhs[index]
    }
    return difference == 0
}
