import Foundation

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
            guard let name = String(part[..<(equals ?? part.endIndex)]).removingPercentEncoding else { return nil }
            var value: String?
            if let equals {
                guard let decoded = String(part[part.index(after: equals)...]).removingPercentEncoding else { return nil }
                value = decoded
            }
            items.append(URLQueryItem(name: name, value: value))
        }
        return items
    }
}
