import Foundation
import TestSupport
import Testing
@testable import CSMAuth

/// CurlTransport runs each request on a thread of its own: many at once in one process, and a
/// cancelled caller.
@Suite(.blocking) struct CurlTransportConcurrencyTests {
    let server: PythonHTTPServer
    let transport = CurlTransport()

    init() throws {
        server = try PythonHTTPServer()
    }

    /// Far more requests in flight than cores: none waits for another's thread.
    @Test func manySlowRequestsRunAtOnce() async throws {
        let transport = self.transport
        let url = server.url("/slow")
        let started = ContinuousClock.now
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<48 {
                group.addTask { try await transport.send(HTTPRequest(url: url)).status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.count == 48 && statuses.allSatisfy { $0 == 200 })
        // Each waits 3 s; two at a time (NIO's pool on two cores) it would be 72 s. The test server's
        // listen backlog of 5 makes the rest wait for SYN retries, hence the slack.
        #expect(ContinuousClock.now - started < .seconds(40))
    }

    /// A caller that gives up (a GUI's cancel button, a task group that failed elsewhere) is not
    /// kept waiting for the server's answer. Not so today: the request runs to its end (up to
    /// the total timeout, 30 s by default) and its response is returned to the cancelled task.
    /// Aborting is not always wanted either: a refresh aborted after the server rotated the
    /// refresh token loses the new one. Kept as the statement of the gap until that is decided.
    @Test(.disabled("CurlTransport does not observe task cancellation (see the comment)"))
    func aCancelledRequestEndsWithoutWaitingForTheServer() async throws {
        let transport = self.transport
        let url = server.url("/slow")
        let request = Task { try await transport.send(HTTPRequest(url: url)) }
        try await Task.sleep(for: .milliseconds(200))
        let started = ContinuousClock.now
        request.cancel()
        let result = await request.result
        #expect(ContinuousClock.now - started < .milliseconds(1500))
        #expect(throws: CancellationError.self) { try result.get() }
    }
}
