import Foundation

/// `application/x-www-form-urlencoded` decoding and encoding, used for query strings and the consent form.
enum FormEncoding {
    /// Decodes `a=1&b=2` into ordered pairs, keeping repeated names.
    ///
    /// `+` means a space, as browsers send it. Returns `nil` when a part is not valid
    /// percent-encoding, so callers can answer 400 instead of guessing.
    static func decode(_ text: String) -> [(name: String, value: String)]? {
        var pairs: [(name: String, value: String)] = []
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decodeComponent(pieces[0]) else { return nil }
            let value = pieces.count > 1 ? decodeComponent(pieces[1]) : ""
            guard let value else { return nil }
            pairs.append((name, value))
        }
        return pairs
    }

    /// Percent-encodes `value` for use inside a query component (everything but unreserved characters).
    static func encodeComponent(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// Encodes pairs as `a=1&b=2`.
    static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(encodeComponent($0.0))=\(encodeComponent($0.1))" }.joined(separator: "&")
    }

    private static func decodeComponent(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
