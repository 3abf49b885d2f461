import FoundationEssentials

/// Unguessable tokens for `state`.
enum RandomToken {
    /// 32 random bytes from the system's CSPRNG, base64url without padding.
    static func make(bytes count: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacing("+", with: "-").replacing("/", with: "_").replacing("=", with: "")
    }
}
