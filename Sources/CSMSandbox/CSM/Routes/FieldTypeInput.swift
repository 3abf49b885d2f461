import NIOHTTP1

/// The `type` of a field in a request body: `{"type":{"name":"SELECT","options":[…]}}`,
/// or the flat `{"type":"SELECT","options":[…]}` some clients send.
struct FieldTypeInput {
    /// The type, when the body names one.
    var name: DetailFieldType?
    /// The options, when the body gives them.
    var options: [String]?

    /// Reads the type and options of `json`, or the 400 answer for a malformed one.
    static func parse(_ json: JSONValue) -> Result<FieldTypeInput, SandboxErrorResponse> {
        func invalid(_ message: String) -> Result<FieldTypeInput, SandboxErrorResponse> {
            .failure(SandboxErrorResponse(.apiError(.badRequest, message)))
        }
        var input = FieldTypeInput()
        var typeName: String?
        var optionsJSON = json["options"]
        switch json["type"] {
        case .none, .some(.null):
            break
        case .some(.string(let name)):
            typeName = name
        case .some(.object(let members)):
            typeName = members["name"]?.stringValue
            if let options = members["options"] { optionsJSON = options }
        default:
            return invalid("The type must be an object with a name.")
        }
        if let typeName {
            guard let type = DetailFieldType(rawValue: typeName.uppercased()) else {
                return invalid("Unknown field type '\(typeName)' (one of \(DetailFieldType.allNames)).")
            }
            input.name = type
        }
        if let optionsJSON, optionsJSON != .null {
            guard let options = optionsJSON.stringArrayValue else {
                return invalid("The options must be an array of strings.")
            }
            input.options = options
        }
        return .success(input)
    }
}
