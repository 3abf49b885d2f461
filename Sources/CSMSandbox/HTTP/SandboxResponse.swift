import Foundation
import NIOHTTP1

/// One HTTP answer produced by the router, written by ``SandboxHTTPHandler``.
struct SandboxResponse: Sendable {
    /// The status.
    var status: HTTPResponseStatus
    /// Headers; `Content-Length` and `Connection` are added when the answer is written.
    var headers: HTTPHeaders
    /// The body bytes.
    var body: [UInt8]
    /// How long to wait before writing the answer (the "slow answers" fault), in seconds.
    var delay: TimeInterval = 0
    /// Close the connection instead of answering (the "dropped answer" fault).
    var dropsConnection = false

    /// No answer at all: the connection is closed.
    static let droppedConnection = SandboxResponse(
        status: .internalServerError, headers: [:], body: [], dropsConnection: true)

    /// The numeric status code.
    var statusCode: Int { Int(status.code) }

    /// The first value of header `name` (case-insensitive), or `nil`.
    func header(_ name: String) -> String? { headers.first(name: name) }

    /// A JSON answer.
    static func json(_ value: JSONValue, status: HTTPResponseStatus = .ok) -> SandboxResponse {
        SandboxResponse(
            status: status,
            headers: ["Content-Type": "application/json;charset=UTF-8", "Cache-Control": "no-store"],
            body: value.serialized())
    }

    /// An HTML page.
    static func html(_ page: String, status: HTTPResponseStatus = .ok) -> SandboxResponse {
        SandboxResponse(
            status: status,
            headers: [
                "Content-Type": "text/html; charset=utf-8",
                "Cache-Control": "no-store",
                // The pages echo request input (escaped); a strict policy is a second line of defence.
                // No form-action directive: browsers apply it to the redirect that follows the consent
                // form, which must reach the app's callback on another origin.
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
                "X-Frame-Options": "DENY",
            ],
            body: Array(page.utf8))
    }

    /// A `302 Found` to `location`.
    static func redirect(to location: String) -> SandboxResponse {
        SandboxResponse(status: .found, headers: ["Location": location, "Cache-Control": "no-store"], body: [])
    }

    /// An empty answer.
    static func empty(status: HTTPResponseStatus) -> SandboxResponse {
        SandboxResponse(status: status, headers: [:], body: [])
    }

    /// The API gateway's error body, `{"code":N,"message":"…"}`, used for authentication and routing errors.
    static func gatewayError(_ status: HTTPResponseStatus, _ message: String) -> SandboxResponse {
        var response = json(["code": .number(Double(status.code)), "message": .string(message)], status: status)
        if status == .unauthorized {
            response.headers.add(name: "WWW-Authenticate", value: "Bearer realm=\"csm-sandbox\"")
        }
        return response
    }

    /// The CSM API's error body, `{"errorMessage":"…"}`, used once the request reached the product.
    static func apiError(_ status: HTTPResponseStatus, _ message: String) -> SandboxResponse {
        json(["errorMessage": .string(message)], status: status)
    }
}
