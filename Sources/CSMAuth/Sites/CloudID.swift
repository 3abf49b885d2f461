/// Checks cloudIds, which become a segment of every CSM API path.
package enum CloudID {
    /// Whether `text` can be a cloudId: 1–128 ASCII letters, digits, `-` or `_` (Atlassian's are
    /// UUIDs). Anything else (`/`, `..`, `?`) could move a request off the site's API root.
    package static func isValid(_ text: String) -> Bool {
        (1...128).contains(text.utf8.count)
            && text.utf8.allSatisfy { byte in
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "_")
            }
    }
}
