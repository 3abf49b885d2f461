/// An independent reading of a URL query, to check the library's verdict on a callback against.
///
/// Deliberately simple and separate from Foundation's `URLComponents`: items split on `&`, names
/// from values on the first `=`, both percent-decoded as UTF-8. It returns `nil` when an item
/// cannot be decoded (a bad `%` escape, or bytes that are not UTF-8).
public enum QueryOracle {
    /// The decoded items of `query` (the text after `?`, without the fragment).
    public static func items(_ query: Substring) -> [(name: String, value: String?)]? {
        var items: [(name: String, value: String?)] = []
        for part in query.split(separator: "&", omittingEmptySubsequences: false) {
            if let equals = part.firstIndex(of: "=") {
                guard let name = decoded(part[..<equals]), let value = decoded(part[part.index(after: equals)...])
                else { return nil }
                items.append((name, value))
            } else {
                guard let name = decoded(part) else { return nil }
                items.append((name, nil))
            }
        }
        return items
    }

    /// Whether a callback with `query` may succeed: exactly one `state`, equal to `expectedState`,
    /// no `error`, and exactly one non-empty `code`, equal to `code`.
    public static func allowsSuccess(query: Substring, expectedState: String, code: String) -> Bool {
        guard let items = items(query) else { return false }
        let states = items.filter { $0.name == "state" }
        let codes = items.filter { $0.name == "code" }
        // Bytes, not `String ==`, which would let canonically equivalent spellings match.
        return states.count == 1 && states[0].value.map { Array($0.utf8) } == Array(expectedState.utf8)
            && !items.contains { $0.name == "error" }
            && codes.count == 1 && codes[0].value.map { Array($0.utf8) } == Array(code.utf8) && !code.isEmpty
    }

    private static func decoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                let first = utf8.index(after: index)
                guard first != utf8.endIndex else { return nil }
                let second = utf8.index(after: first)
                guard second != utf8.endIndex, let high = hexValue(utf8[first]), let low = hexValue(utf8[second]) else {
                    return nil
                }
                bytes.append(high << 4 | low)
                index = utf8.index(after: second)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
