import FoundationEssentials

/// An HTTP response: status, headers and the whole body.
public struct HTTPResponse: Sendable {
    /// The HTTP status code, such as 200.
    public var status: Int
    /// The response headers, in the order received (the final header block only).
    public var headers: [HTTPHeader]
    /// The whole body; empty when there was none.
    public var body: Data

    /// - Parameters:
    ///   - status: the HTTP status code.
    ///   - headers: the response headers; none by default.
    ///   - body: the body; empty by default.
    public init(status: Int, headers: [HTTPHeader] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A 401 that says "scope does not match": Atlassian's gateway knew the credential and refused
    /// only this call, for a scope the credential lacks (no refresh adds it).
    package var isScopeMismatch: Bool {
        status == 401
            && String(decoding: body.prefix(4096), as: UTF8.self).lowercased().contains("scope does not match")
    }

    /// The first value of the header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}
