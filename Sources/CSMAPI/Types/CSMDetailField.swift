import CSMAuth

/// The definition of one detail field of customers, organizations or entitlements
/// (`GET /customer/details`).
public struct CSMDetailField: Sendable, Decodable, Equatable {
    /// The field's name, unique among the fields of its kind; it addresses the field in paths.
    public var name: String
    /// The field's type.
    public var type: CSMDetailFieldType
    /// Where the field shows among the others, when the API says.
    public var position: Int?

    /// - Parameters:
    ///   - name: the field's name.
    ///   - type: its type.
    ///   - position: its position among the fields.
    public init(name: String, type: CSMDetailFieldType, position: Int? = nil) {
        self.name = name
        self.type = type
        self.position = position
    }

    private enum CodingKeys: String, CodingKey { case name, type, configuration }
    private enum ConfigurationKeys: String, CodingKey { case position }

    /// Reads `{"name","type":{…},"configuration":{"position"}}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        type = try container.decode(CSMDetailFieldType.self, forKey: .type)
        position = try? container.nestedContainer(keyedBy: ConfigurationKeys.self, forKey: .configuration)
            .decodeIfPresent(Int.self, forKey: .position)
    }
}
