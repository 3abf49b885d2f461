import CSMAuth

/// A list answer, or one page of a paged one: its items under `results` (or `values`, Atlassian's
/// other name for them).
struct CSMResultList<Element: Decodable>: Decodable {
    /// The items.
    var items: [Element]

    private enum Keys: String, CodingKey { case results, values }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        if container.contains(.results) {
            items = try container.decode([Element].self, forKey: .results)
        } else {
            items = try container.decode([Element].self, forKey: .values)
        }
    }
}
