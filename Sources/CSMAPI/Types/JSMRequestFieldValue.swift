import CSMAuth

/// One field of a customer request as JSM lists it (`requestFieldValues`): `summary`,
/// `description` and the request type's other fields.
public struct JSMRequestFieldValue: Sendable, Codable, Equatable {
    /// The field's id, such as `summary`.
    public var fieldID: String
    /// The field's label, such as `Summary`.
    public var label: String?
    /// The value when it is text; nil for a value of another shape (a list, a user).
    public var value: String?

    /// - Parameters:
    ///   - fieldID: the field's id.
    ///   - label: its label.
    ///   - value: its text value.
    public init(fieldID: String, label: String? = nil, value: String? = nil) {
        self.fieldID = fieldID
        self.label = label
        self.value = value
    }

    private enum CodingKeys: String, CodingKey {
        case fieldID = "fieldId"
        case label, value
    }

    /// Reads a field; a value that is not text is read as nil rather than failing the request.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fieldID = try container.decode(String.self, forKey: .fieldID)
        label = try container.decodeIfPresent(String.self, forKey: .label)
        value = try? container.decodeIfPresent(String.self, forKey: .value)
    }
}
