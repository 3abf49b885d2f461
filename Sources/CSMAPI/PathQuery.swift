import CSMAuth

/// An API path split into its path and its query items, to set one item and put it back together.
/// Items stay percent-encoded as they came; a value set here is encoded with ``QueryEncoding``.
struct PathQuery: Equatable {
    /// The part before `?`.
    var base: String
    /// `name=value` items, encoded, in order.
    var items: [String]

    /// Splits `path` at its first `?`.
    init(_ path: String) {
        if let mark = path.firstIndex(of: "?") {
            base = String(path[..<mark])
            items = path[path.index(after: mark)...].split(separator: "&", omittingEmptySubsequences: true).map(
                String.init)
        } else {
            base = path
            items = []
        }
    }

    /// The same path with the item `name` set to `value`: replaced where it was (every repeat
    /// of it removed), appended otherwise.
    func setting(_ name: String, to value: String) -> PathQuery {
        var copy = self
        let encodedName = QueryEncoding.encode(name)
        let item = encodedName + "=" + QueryEncoding.encode(value)
        let matches = { (existing: String) in existing == encodedName || existing.hasPrefix(encodedName + "=") }
        if let first = copy.items.firstIndex(where: matches) {
            copy.items[first] = item
            copy.items = copy.items.enumerated().filter { $0.offset == first || !matches($0.element) }.map(\.element)
        } else {
            copy.items.append(item)
        }
        return copy
    }

    /// The value of the first item `name`, as sent (still encoded); nil when there is none.
    func value(of name: String) -> String? {
        let prefix = QueryEncoding.encode(name) + "="
        return items.first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    /// The path with its query.
    var path: String {
        items.isEmpty ? base : base + "?" + items.joined(separator: "&")
    }
}
