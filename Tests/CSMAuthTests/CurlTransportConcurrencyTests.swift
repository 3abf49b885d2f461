import Foundation
import TestSupport
import Testing

@testable import CSMAuth

/// CurlTransport runs requests on threads of their own, never fewer than the requests in flight.
@Suite(.blocking) struct CurlTransportConcurrencyTests {
    let server: PythonHTTPServer
    let transport = CurlTransport()

    init() throws {
        server = try PythonHTTPServer()
    }

    /// Far more requests in flight than cores: the server answers only once all 24 wait at the same
    /// time, which a pool of a thread or two per core could never bring about.
    @Test func manyRequestsAreInFlightAtOnce() async throws {
        let transport = self.transport
        let url = server.url("/together?n=24")
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<24 {
                group.addTask { try await transport.send(HTTPRequest(url: url)).status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 24))
    }
}
