import Foundation
import TestSupport
import Testing

@testable import CSMAuth

@Suite(.blocking) struct CurlTransportTests {
    let server: PythonHTTPServer
    let transport = CurlTransport()

    init() throws {
        server = try PythonHTTPServer()
    }

    private func echo(_ response: HTTPResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: response.body) as? [String: Any])
    }

    @Test func getSendsHeadersAndReadsTheResponse() async throws {
        let response = try await transport.send(
            HTTPRequest(url: server.url("/echo?q=1"), headers: [HTTPHeader("X-Custom", "abc")]))
        #expect(response.status == 200)
        #expect(response.header("x-test") == "yes")
        let request = try echo(response)
        #expect(request["method"] as? String == "GET")
        #expect(request["path"] as? String == "/echo?q=1")
        #expect((request["headers"] as? [String: String])?["x-custom"] == "abc")
    }

    @Test func postSendsTheBody() async throws {
        let body = Data(#"{"grant_type":"refresh_token"}"#.utf8)
        let response = try await transport.send(
            HTTPRequest(
                method: "POST", url: server.url("/echo"), headers: [HTTPHeader("Content-Type", "application/json")],
                body: body))
        let request = try echo(response)
        #expect(request["method"] as? String == "POST")
        #expect(request["body"] as? String == #"{"grant_type":"refresh_token"}"#)
        #expect((request["headers"] as? [String: String])?["content-type"] == "application/json")
    }

    @Test func putAndDeleteUseTheirMethods() async throws {
        let put = try echo(
            try await transport.send(
                HTTPRequest(method: "PUT", url: server.url("/echo"), body: Data("{\"values\":[\"EU\"]}".utf8))))
        #expect(put["method"] as? String == "PUT")
        #expect(put["body"] as? String == "{\"values\":[\"EU\"]}")
        let delete = try echo(try await transport.send(HTTPRequest(method: "DELETE", url: server.url("/echo"))))
        #expect(delete["method"] as? String == "DELETE")
        #expect(delete["body"] as? String == "")
    }

    @Test func errorStatusIsAResponseNotAnError() async throws {
        let response = try await transport.send(HTTPRequest(url: server.url("/status/418")))
        #expect(response.status == 418)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"error":"teapot"}"#)
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        for _ in 0..<4 {
            _ = try await transport.send(HTTPRequest(url: server.url("/echo")))
        }
        let counted = try echo(try await transport.send(HTTPRequest(url: server.url("/connections"))))
        #expect(counted["connections"] as? Int == 1)
    }

    @Test func slowServerTimesOut() async throws {
        let impatient = CurlTransport(
            configuration: .init(timeout: .init(connect: .seconds(1), total: .milliseconds(300))))
        let error = await #expect(throws: HTTPTransportError.self) {
            try await impatient.send(HTTPRequest(url: server.url("/slow")))
        }
        #expect(error?.code == .timeout)
        #expect(error?.category == .failure)
    }

    @Test func refusedConnectionIsReported() async throws {
        let port = try freeLoopbackPort()
        let error = await #expect(throws: HTTPTransportError.self) {
            try await transport.send(HTTPRequest(url: URL(string: "http://127.0.0.1:\(port)/")!))
        }
        #expect(error?.code == .connectionRefused)
        #expect(error?.description.contains("refused") == true)
    }

    @Test func oversizedBodyWithLengthIsRefused() async throws {
        let small = CurlTransport(configuration: .init(maximumResponseBytes: 10_000))
        let error = await #expect(throws: HTTPTransportError.self) {
            try await small.send(HTTPRequest(url: server.url("/big?n=20000")))
        }
        #expect(error?.code == .tooLarge)
    }

    @Test func oversizedStreamedBodyIsRefused() async throws {
        let small = CurlTransport(configuration: .init(maximumResponseBytes: 10_000))
        let error = await #expect(throws: HTTPTransportError.self) {
            try await small.send(HTTPRequest(url: server.url("/stream?n=40960")))
        }
        #expect(error?.code == .tooLarge)
    }

    @Test func bodyAtTheLimitIsAccepted() async throws {
        let small = CurlTransport(configuration: .init(maximumResponseBytes: 10_000))
        #expect(try await small.send(HTTPRequest(url: server.url("/big?n=10000"))).body.count == 10_000)
    }

    @Test func plainHTTPToANonLoopbackHostIsRefused() async throws {
        let error = await #expect(throws: HTTPTransportError.self) {
            try await transport.send(HTTPRequest(url: URL(string: "http://example.com/token?code=abc")!))
        }
        #expect(error?.code == .insecureURL)
        #expect(error?.category == .usage)
        #expect(error?.description.contains("code=abc") == false)
    }

    @Test func nonHTTPSchemeIsRefused() async throws {
        let error = await #expect(throws: HTTPTransportError.self) {
            try await transport.send(HTTPRequest(url: URL(string: "file:///etc/passwd")!))
        }
        #expect(error?.code == .unsupportedURL)
    }

    @Test func loopbackHostsAreRecognised() {
        for host in ["localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "LOCALHOST"] {
            #expect(LoopbackHost.isLoopback(host), "\(host)")
        }
        for host in [
            "example.com", "128.0.0.1", "127.0.0.1.example.com", "localhost.evil", "10.0.0.1", "127.0.0.256", "0.0.0.0",
        ] {
            #expect(!LoopbackHost.isLoopback(host), "\(host)")
        }
    }

    @Test func requestDescriptionHidesQueryAndCredentials() {
        let request = HTTPRequest(
            url: URL(string: "https://auth.example/callback?code=secret-code&state=s")!,
            headers: [HTTPHeader("Authorization", "Bearer tok-123")])
        #expect(!request.description.contains("secret-code"))
        #expect(!"\(request.headers)".contains("tok-123"))
    }
}
