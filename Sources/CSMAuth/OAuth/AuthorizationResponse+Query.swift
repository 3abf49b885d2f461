import FoundationEssentials

extension AuthorizationResponse {
    /// Reads a redirect's query as it was sent (still percent-encoded) into items, each name and
    /// value percent-decoded exactly once.
    ///
    /// Not `URLComponents(string:)`: when a query holds one character a URL cannot carry (a space,
    /// a bad `%` escape, a non-ASCII letter), it encodes the whole text again, `%` included, and
    /// `queryItems` then hands back every other escape undecoded, so the same `code=` could yield
    /// two different codes. An authorization server's redirect never holds such characters, so
    /// such a query is refused instead.
    ///
    /// - Parameter query: the text after `?`, without any fragment.
    /// - Returns: the items in order, duplicates kept (an item without `=` has a `nil` value);
    ///   `nil` when the query holds anything but printable ASCII other than `#`, a `%` that does not
    ///   start two hex digits, or an escape that does not decode to UTF-8.
    static func queryItems(percentEncoded query: Substring) -> [URLQueryItem]? {
        guard query.utf8.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "#") }) else { return nil }
        guard !query.isEmpty else { return [] }
        var items: [URLQueryItem] = []
        for part in query.split(separator: "&", omittingEmptySubsequences: false) {
            let equals = part.firstIndex(of: "=")
            guard let name = percentDecoded(part[..<(equals ?? part.endIndex)]) else { return nil }
            var value: String?
            if let equals {
                guard let decoded = percentDecoded(part[part.index(after: equals)...]) else { return nil }
                value = decoded
            }
            items.append(URLQueryItem(name: name, value: value))
        }
        return items
    }

    /// `text` with each `%HH` escape decoded; `nil` when an escape is broken or the bytes are not UTF-8.
    ///
    /// Not `removingPercentEncoding`, which turns some bytes that are not UTF-8 (`%A9`) into U+FFFD
    /// and refuses others (`%FF`): a value must decode to the bytes that were sent, or not at all.
    private static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        let decoded = String(decoding: bytes, as: UTF8.self)
        // String(decoding:as:) repairs bad UTF-8 with U+FFFD: a repaired value is refused instead.
        return decoded.utf8.elementsEqual(bytes) ? decoded : nil
    }

    /// The value of one hexadecimal digit.
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
