import CSMAuth

/// One detail field of a customer or organization with its values (an entry of `details`).
public struct CSMDetailValue: Sendable, Decodable, Equatable {
    /// The field's id.
    public var id: String?
    /// The field's name.
    public var name: String
    /// The field's type.
    public var type: CSMDetailFieldType?
    /// The values; empty when none is set.
    public var values: [String]

    /// - Parameters:
    ///   - id: the field's id.
    ///   - name: the field's name.
    ///   - type: the field's type.
    ///   - values: the values.
    public init(id: String? = nil, name: String, type: CSMDetailFieldType? = nil, values: [String]) {
        self.id = id
        self.name = name
        self.type = type
        self.values = values
    }

    private enum CodingKeys: String, CodingKey { case id, name, type, values }

    /// Reads `{"id","name","type","values"}`; a missing `values` is none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        type = try container.decodeIfPresent(CSMDetailFieldType.self, forKey: .type)
        values = try container.decodeIfPresent([String].self, forKey: .values) ?? []
    }
}

extension [CSMDetailValue] {
    /// The values of the field `name` (compared case-insensitively); empty when it has none.
    /// What every record's `values(of:)` answers.
    func values(of name: String) -> [String] {
        let wanted = name.lowercased()
        return first { $0.name.lowercased() == wanted }?.values ?? []
    }
}
