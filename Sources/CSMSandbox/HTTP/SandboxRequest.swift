import Foundation
import NIOHTTP1

/// One complete HTTP request as the router sees it: head and whole body, already collected by NIO.
struct SandboxRequest: Sendable {
    /// The HTTP method.
    var method: HTTPMethod
    /// The raw path, without the query string, still percent-encoded.
    var path: String
    /// The raw query string (after `?`), or empty.
    var rawQuery: String
    /// Request headers.
    var headers: HTTPHeaders
    /// The body bytes.
    var body: [UInt8]
    /// Whether the peer connected from a loopback address (control endpoints require it).
    var peerIsLoopback: Bool

    /// Creates a request; `uri` is split into path and query.
    init(method: HTTPMethod, uri: String, headers: HTTPHeaders = [:], body: [UInt8] = [], peerIsLoopback: Bool = true) {
        self.method = method
        if let question = uri.firstIndex(of: "?") {
            path = String(uri[..<question])
            rawQuery = String(uri[uri.index(after: question)...])
        } else {
            path = uri
            rawQuery = ""
        }
        self.headers = headers
        self.body = body
        self.peerIsLoopback = peerIsLoopback
    }

    /// Creates a request from a method name, for callers that do not import NIOHTTP1 (tests of the router).
    init(method: String, uri: String, headers: [(String, String)] = [], body: [UInt8] = [], peerIsLoopback: Bool = true)
    {
        self.init(
            method: HTTPMethod(rawValue: method), uri: uri, headers: HTTPHeaders(headers), body: body,
            peerIsLoopback: peerIsLoopback)
    }

    /// The path split at `/` and percent-decoded, or `nil` when a segment is not valid percent-encoding.
    var pathSegments: [String]? {
        var segments: [String] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = String(segment).removingPercentEncoding else { return nil }
            segments.append(decoded)
        }
        return segments
    }

    /// The query parameters in order (repeats kept), or `nil` when the query is malformed.
    var queryItems: [(name: String, value: String)]? {
        FormEncoding.decode(rawQuery)
    }

    /// The media type of the body (`Content-Type` without parameters), lowercased.
    var mediaType: String? {
        headers.first(name: "content-type")?
            .split(separator: ";").first?
            .trimmingCharacters(in: .whitespaces).lowercased()
    }
}
