import Foundation

/// Unpredictable opaque strings for codes, tokens and consent ids.
enum RandomToken {
    /// Returns `byteCount` random bytes as unpadded base64url.
    ///
    /// `SystemRandomNumberGenerator` reads the operating system's CSPRNG, so tokens cannot be
    /// guessed from earlier ones: a client that "predicts" a token would hide real bugs.
    static func make(byteCount: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
