/// The definition of one customer or organization detail field.
struct DetailField: Sendable, Equatable {
    /// A stable id, shown in entity details.
    var id: String
    /// The name, unique per kind (case-insensitively); it addresses the field in paths.
    var name: String
    /// The type.
    var type: DetailFieldType
    /// Options for SELECT and MULTISELECT, else empty.
    var options: [String]

    /// `{"name","options"}` as the API shows a field's type.
    var typeJSON: JSONValue {
        var members: [String: JSONValue] = ["name": .string(type.rawValue)]
        if type.hasOptions {
            members["options"] = .array(options.map(JSONValue.string))
        }
        return .object(members)
    }

    /// The definition as `GET …/details` lists it.
    /// - Parameter index: the field's place in ``CSMDirectory/fields(of:)``, counting from 0.
    func definitionJSON(index: Int) -> JSONValue {
        ["name": .string(name), "type": typeJSON, "configuration": Self.configurationJSON(index: index)]
    }

    /// `{"position"}` for the field at `index` (from 0) of its kind's list: the position counts
    /// from 1, as in Atlassian's examples. Definitions and records' details both show it.
    static func configurationJSON(index: Int) -> JSONValue {
        ["position": .number(Double(index + 1))]
    }
}
