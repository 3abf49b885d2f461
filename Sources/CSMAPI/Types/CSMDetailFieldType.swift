import CSMAuth

/// The type of a detail field, as the CSM API shows it: `{"name":"SELECT","options":["A","B"]}`.
public struct CSMDetailFieldType: Sendable, Codable, Equatable {
    /// The type's name: `TEXT`, `NUMBER`, `DATE`, `URL`, `EMAIL`, `PHONE`, `BOOLEAN`, `SELECT`,
    /// `MULTISELECT` and the others the site knows.
    public var name: String
    /// The choices of a `SELECT` or `MULTISELECT` field; nil for other types.
    public var options: [String]?

    /// - Parameters:
    ///   - name: the type's name, such as `SELECT`.
    ///   - options: the choices of a select field.
    public init(name: String, options: [String]? = nil) {
        self.name = name
        self.options = options
    }
}
