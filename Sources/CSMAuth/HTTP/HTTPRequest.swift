import FoundationEssentials
import Glibc

/// An HTTP request: method, absolute URL, headers and an optional body.
public struct HTTPRequest: Sendable, CustomStringConvertible {
    public var method: String
    public var url: URL
    public var headers: [HTTPHeader]
    public var body: Data?

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
