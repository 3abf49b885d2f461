import CSMAuth

/// A comment added to a request through its help centre: `{"id","body","public"}`.
public struct CSMRequestComment: Sendable, Decodable, Equatable {
    /// The comment's id.
    public var id: String
    /// Its text.
    public var body: String
    /// Whether customers see it; false for an internal note. Nil when the answer does not say.
    public var isPublic: Bool?

    /// - Parameters:
    ///   - id: the comment's id.
    ///   - body: its text.
    ///   - isPublic: whether customers see it.
    public init(id: String, body: String, isPublic: Bool? = nil) {
        self.id = id
        self.body = body
        self.isPublic = isPublic
    }

    private enum CodingKeys: String, CodingKey {
        case id, body
        case isPublic = "public"
    }

    /// Reads the comment; an id given as a number is read as its digits.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let number = try? container.decode(Int.self, forKey: .id) {
            id = String(number)
        } else {
            id = try container.decode(String.self, forKey: .id)
        }
        body = try container.decodeIfPresent(String.self, forKey: .body) ?? ""
        isPublic = try container.decodeIfPresent(Bool.self, forKey: .isPublic)
    }
}
