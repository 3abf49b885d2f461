import Foundation

@testable import CSMAPI
@testable import CSMAuth

/// A stand-in for the CSM API that answers scripted pages by path, for the client's own logic
/// (paging, retries) where the sandbox has no such answer.
final class ScriptedAPI: HTTPTransport, @unchecked Sendable {
    // @unchecked: `asked`, `queued` and `methods` are only touched under `lock`.
    private let lock = NSLock()
    private var asked: [String] = []
    let pages: [String: (Int, String)]
    /// Answers given before the scripted pages, in order, whatever the path (status, headers).
    private var queued: [(Int, [HTTPHeader])]
    private var methods: [String] = []
    private var headerLists: [[HTTPHeader]] = []

    init(_ pages: [String: (Int, String)], first queued: [(Int, [HTTPHeader])] = []) {
        self.pages = pages
        self.queued = queued
    }

    var sentMethods: [String] { lock.withLock { methods } }

    /// The headers of each request, in order.
    var sentHeaders: [[HTTPHeader]] { lock.withLock { headerLists } }

    var paths: [String] { lock.withLock { asked } }

    /// The credential the scripted tests send with: cloud `c1`, whose path prefix `send` takes off.
    static let credential = Credential(
        scheme: .bearer, token: Secret("t"), expiresAt: nil, cloudID: "c1", apiURL: URL(string: "https://api.example")!)

    /// A client that sends to this stand-in with ``credential``; `sleep`, when given, replaces its waits between retries.
    /// Each client has a rate-limit gate of its own: the scripted answers of one test must not
    /// make another test's client wait.
    func client(sleep: (@Sendable (Duration) async throws -> Void)? = nil) -> CSMClient {
        var client =
            if let sleep {
                CSMClient(source: .fixed(Self.credential), transport: self, sleep: sleep)
            } else {
                CSMClient(source: .fixed(Self.credential), transport: self)
            }
        client.rateLimitGate = RateLimitGate()
        return client
    }

    /// The typed API over ``client(sleep:)``.
    func api(sleep: (@Sendable (Duration) async throws -> Void)? = nil) -> CSMAPI {
        CSMAPI(client: client(sleep: sleep))
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let path =
            request.url.path(percentEncoded: true).replacing("/jsm/csm/cloudid/c1", with: "")
            + (request.url.query(percentEncoded: true).map { "?" + $0 } ?? "")
        let early = lock.withLock { () -> (Int, [HTTPHeader])? in
            asked.append(path)
            methods.append(request.method)
            headerLists.append(request.headers)
            return queued.isEmpty ? nil : queued.removeFirst()
        }
        if let (status, headers) = early {
            return HTTPResponse(status: status, headers: headers, body: Data(#"{"errorMessage":"busy"}"#.utf8))
        }
        let (status, body) = pages[path] ?? (404, #"{"errorMessage":"no such page"}"#)
        return HTTPResponse(status: status, body: Data(body.utf8))
    }
}
