/// Sends HTTP requests. ``CurlTransport`` is the real one; tests of higher layers may inject others.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the whole response, whatever its status.
    /// - Throws: ``HTTPTransportError`` when no response arrives.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
