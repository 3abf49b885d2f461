import FoundationEssentials

/// An HTTP request: method, absolute URL, headers and an optional body.
public struct HTTPRequest: Sendable, CustomStringConvertible {
    /// The method, such as `GET` or `POST` (sent upper-cased). Default `GET`.
    public var method: String
    /// The absolute URL, query included.
    public var url: URL
    /// The headers, in the order they are sent.
    public var headers: [HTTPHeader]
    /// The body; nil sends none.
    public var body: Data?

    /// - Parameters:
    ///   - method: the method; default `GET`.
    ///   - url: the absolute URL.
    ///   - headers: the headers; none by default.
    ///   - body: the body; none by default.
    public init(method: String = "GET", url: URL, headers: [HTTPHeader] = [], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// Method and URL without its query, which may carry codes or state.
    public var description: String {
        "\(method) \(url.redactingQuery)"
    }
}
