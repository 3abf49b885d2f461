import Foundation
import Testing

@testable import CSMAPI
@testable import CSMAuth

/// How long the client waits, and for what: the server's own `Retry-After` or
/// `X-RateLimit-Reset`, or a doubling backoff for server errors to idempotent requests.
@Suite struct CSMClientRetryTests {
    static let ok = ["/api/v1/organization/1": (200, #"{"id":"1","name":"Acme"}"#)]

    func client(_ api: ScriptedAPI, waits: Recorder<Duration>, notices: Recorder<CSMClient.RetryNotice>? = nil)
        -> CSMClient
    {
        var client = CSMClient(
            source: .fixed(ScriptedAPI.credential), transport: api, maximumRetryDelay: .seconds(60),
            willRetry: { notices?.append($0) },
            sleep: { waits.append($0) })
        client.now = { Date(timeIntervalSince1970: 1_700_000_000) }
        return client
    }

    @Test func aRateLimitResetTimeIsWaitedUntil() async throws {
        // 2023-11-14T22:13:20Z is `now`; the reset is 12 s later.
        let api = ScriptedAPI(Self.ok, first: [(429, [HTTPHeader("X-RateLimit-Reset", "2023-11-14T22:13:32Z")])])
        let waits = Recorder<Duration>()
        let notices = Recorder<CSMClient.RetryNotice>()
        let response = try await client(api, waits: waits, notices: notices).send(method: "GET", path: "organization/1")
        #expect(response.status == 200)
        #expect(waits.values == [.seconds(12)])
        #expect(notices.values.map(\.reason) == [.rateLimitReset])
    }

    @Test func retryAfterWinsOverTheResetTime() async throws {
        let api = ScriptedAPI(
            Self.ok,
            first: [(503, [HTTPHeader("Retry-After", "3"), HTTPHeader("X-RateLimit-Reset", "2023-11-14T22:13:50Z")])])
        let waits = Recorder<Duration>()
        _ = try await client(api, waits: waits).send(method: "GET", path: "organization/1")
        #expect(waits.values == [.seconds(3)])
    }

    @Test func aResetTimeInThePastIsNoWait() async throws {
        let api = ScriptedAPI(Self.ok, first: [(429, [HTTPHeader("X-RateLimit-Reset", "2020-01-01T00:00:00Z")])])
        let waits = Recorder<Duration>()
        _ = try await client(api, waits: waits).send(method: "GET", path: "organization/1")
        #expect(waits.values == [.zero])
    }

    @Test func aRateLimitWithoutAWaitIsReturned() async throws {
        let api = ScriptedAPI(Self.ok, first: [(429, [HTTPHeader("X-RateLimit-Reset", "soon")])])
        let waits = Recorder<Duration>()
        let response = try await client(api, waits: waits).send(method: "GET", path: "organization/1")
        #expect(response.status == 429)
        #expect(waits.values.isEmpty)
        #expect(api.paths.count == 1)
    }

    @Test func serverErrorsToAnIdempotentRequestBackOffAndDouble() async throws {
        let api = ScriptedAPI(Self.ok, first: [(500, []), (502, []), (503, [])])
        let waits = Recorder<Duration>()
        let notices = Recorder<CSMClient.RetryNotice>()
        let response = try await client(api, waits: waits, notices: notices).send(method: "PUT", path: "organization/1")
        #expect(response.status == 200)
        #expect(waits.values == [.milliseconds(500), .seconds(1), .seconds(2)])
        #expect(notices.values.map(\.reason) == [.backoff, .backoff, .backoff])
        #expect(notices.values.map(\.status) == [500, 502, 503])
    }

    @Test func serverErrorsStopAtTheRetryLimit() async throws {
        let api = ScriptedAPI(Self.ok, first: [(500, []), (500, []), (500, []), (500, [])])
        let waits = Recorder<Duration>()
        let response = try await client(api, waits: waits).send(method: "GET", path: "organization/1")
        #expect(response.status == 500)
        #expect(waits.values.count == 3)
        #expect(api.paths.count == 4)
    }

    @Test func aServerErrorToAPostIsNotRetried() async throws {
        let api = ScriptedAPI(Self.ok, first: [(500, [])])
        let waits = Recorder<Duration>()
        let response = try await client(api, waits: waits).send(
            method: "POST", path: "organization/1", body: Data("{}".utf8))
        #expect(response.status == 500)
        #expect(waits.values.isEmpty)
        #expect(api.sentMethods == ["POST"])
    }

    @Test func aScopeMismatchIsToldFromOtherUnauthorizedAnswers() {
        #expect(
            CSMClient.isScopeMismatch(
                HTTPResponse(
                    status: 401, body: Data(#"{"code":401,"message":"Unauthorized; scope does not match"}"#.utf8))))
        #expect(
            !CSMClient.isScopeMismatch(
                HTTPResponse(status: 401, body: Data(#"{"code":401,"message":"Unauthorized"}"#.utf8))))
        #expect(!CSMClient.isScopeMismatch(HTTPResponse(status: 403, body: Data("scope does not match".utf8))))
    }
    @Test(arguments: ["nan", "-nan", "inf", "-inf", "-1", "", "Wed, 21 Oct 2015 07:28:00 GMT"])
    func anUnreadableRetryAfterIsNoWait(value: String) async throws {
        let api = ScriptedAPI(Self.ok, first: [(429, [HTTPHeader("Retry-After", value)])])
        let waits = Recorder<Duration>()
        let response = try await client(api, waits: waits).send(method: "GET", path: "organization/1")
        #expect(response.status == 429)
        #expect(waits.values.isEmpty)
    }

    @Test(arguments: ["1e308", "99999999999999999999", "0x1p1023"])
    func aHugeRetryAfterIsCapped(value: String) async throws {
        let api = ScriptedAPI(Self.ok, first: [(429, [HTTPHeader("Retry-After", value)])])
        let waits = Recorder<Duration>()
        _ = try await client(api, waits: waits).send(method: "GET", path: "organization/1")
        #expect(waits.values == [.seconds(60)])
    }

    @Test(arguments: [
        ("2023-11-14T22:13:32.000Z", Duration.seconds(12)), ("2023-11-14T23:13:32+01:00", .seconds(12)),
        ("9999-12-31T23:59:59Z", .seconds(60)), ("0001-01-01T00:00:00Z", .zero),
    ])
    func resetTimesOfEveryISO8601Shape(value: String, wait: Duration) async throws {
        let api = ScriptedAPI(Self.ok, first: [(429, [HTTPHeader("X-RateLimit-Reset", value)])])
        let waits = Recorder<Duration>()
        let response = try await client(api, waits: waits).send(method: "GET", path: "organization/1")
        #expect(response.status == 200)
        #expect(waits.values == [wait])
    }

    @Test func aServerThatIsAlwaysUnavailableIsAskedABoundedNumberOfTimes() async throws {
        let api = ScriptedAPI(Self.ok, first: Array(repeating: (503, [HTTPHeader("Retry-After", "1")]), count: 50))
        let waits = Recorder<Duration>()
        let response = try await client(api, waits: waits).send(method: "GET", path: "organization/1")
        #expect(response.status == 503)
        #expect(api.paths.count == 4)
    }

    @Test func theBackoffOfAVeryLateRetryDoesNotOverflow() async throws {
        let api = ScriptedAPI(Self.ok, first: Array(repeating: (500, []), count: 70))
        let waits = Recorder<Duration>()
        var client = client(api, waits: waits)
        client.maximumRetries = 70
        client.maximumRetryDelay = .seconds(1_000_000)
        let response = try await client.send(method: "DELETE", path: "organization/1")
        #expect(response.status == 200)
        #expect(waits.values.count == 70)
        #expect(waits.values.last == .milliseconds(500) * 65536)
    }
}
