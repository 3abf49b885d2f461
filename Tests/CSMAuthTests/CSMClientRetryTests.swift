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
        client.rateLimitGate = RateLimitGate()
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

    /// A reset already past (a local clock ahead of Atlassian's) names no wait: retrying at once,
    /// again and again, would only earn more 429s, so the answer backs off as a bare 429 does.
    @Test(arguments: ["0001-01-01T00:00:00Z", "2020-01-01T00:00:00Z", "2023-11-14T22:13Z", "2023-11-14T22:13:20Z"])
    func aResetTimeNotAfterNowBacksOffInstead(value: String) async throws {
        let api = ScriptedAPI(Self.ok, first: [(429, [HTTPHeader("X-RateLimit-Reset", value)])])
        let waits = Recorder<Duration>()
        let notices = Recorder<CSMClient.RetryNotice>()
        let response = try await client(api, waits: waits, notices: notices).send(method: "GET", path: "organization/1")
        #expect(response.status == 200)
        #expect(notices.values.map(\.reason) == [.backoff])
        #expect(waits.values.count == 1 && waits.values.allSatisfy { $0 >= .zero && $0 <= .milliseconds(500) })
    }

    @Test func aRateLimitWithNeitherHeaderBacksOffWithFullJitter() async throws {
        let api = ScriptedAPI(Self.ok, first: [(429, []), (429, []), (429, [HTTPHeader("X-RateLimit-Reset", "soon")])])
        let waits = Recorder<Duration>()
        let notices = Recorder<CSMClient.RetryNotice>()
        let response = try await client(api, waits: waits, notices: notices).send(
            method: "POST", path: "organization/1")
        #expect(response.status == 200)
        #expect(api.paths.count == 4)
        #expect(notices.values.map(\.reason) == [.backoff, .backoff, .backoff])
        // Full jitter: anything from nothing up to 0.5 s, 1 s, 2 s.
        let ceilings: [Duration] = [.milliseconds(500), .seconds(1), .seconds(2)]
        #expect(waits.values.count == 3)
        for (wait, ceiling) in zip(waits.values, ceilings) {
            #expect(wait >= .zero && wait <= ceiling)
        }
    }

    @Test func aRateLimitWithNeitherHeaderStopsAfterThreeRetries() async throws {
        let api = ScriptedAPI(Self.ok, first: Array(repeating: (429, []), count: 10))
        let waits = Recorder<Duration>()
        let response = try await client(api, waits: waits).send(method: "GET", path: "organization/1")
        #expect(response.status == 429)
        #expect(api.paths.count == 4)
        #expect(waits.values.count == 3)
    }

    @Test func aWaitLongerThanTheMaximumFailsAtOnce() async throws {
        let api = ScriptedAPI(
            Self.ok,
            first: [
                (429, [HTTPHeader("Retry-After", "3600"), HTTPHeader("RateLimit-Reason", "jira-quota-tenant-based")])
            ])
        let waits = Recorder<Duration>()
        let notices = Recorder<CSMClient.RetryNotice>()
        let error = await #expect(throws: CSMRateLimitError.self) {
            try await client(api, waits: waits, notices: notices).send(method: "GET", path: "organization/1")
        }
        #expect(error?.requestedWait == .seconds(3600))
        #expect(error?.limitReason == "jira-quota-tenant-based")
        #expect(error?.response.status == 429)
        let line = error?.description ?? ""
        #expect(line.contains("3600 s") && line.contains("jira-quota-tenant-based") && line.contains("60 s"))
        #expect(!line.contains("\n"))
        #expect(waits.values.isEmpty)
        #expect(notices.values.isEmpty)
        #expect(api.paths.count == 1)
    }

    @Test func aResetLaterThanTheMaximumFailsAtOnce() async throws {
        // `now` is 2023-11-14T22:13:20Z; the reset is an hour later, in Atlassian's minute form.
        let api = ScriptedAPI(Self.ok, first: [(503, [HTTPHeader("X-RateLimit-Reset", "2023-11-14T23:14Z")])])
        let waits = Recorder<Duration>()
        let error = await #expect(throws: CSMRateLimitError.self) {
            try await client(api, waits: waits).send(method: "GET", path: "organization/1")
        }
        #expect(error?.requestedWait == .seconds(3640))
        #expect(error?.limitReason == nil)
        #expect(waits.values.isEmpty)
        #expect(api.paths.count == 1)
    }

    @Test(arguments: [
        ("2023-11-14T22:14Z", Duration.seconds(40)), ("2023-11-14T23:14+01:00", .seconds(40)),
    ])
    func aResetInAtlassiansMinuteFormIsWaitedUntil(value: String, wait: Duration) async throws {
        let api = ScriptedAPI(Self.ok, first: [(429, [HTTPHeader("X-RateLimit-Reset", value)])])
        let waits = Recorder<Duration>()
        let notices = Recorder<CSMClient.RetryNotice>()
        let response = try await client(api, waits: waits, notices: notices).send(method: "GET", path: "organization/1")
        #expect(response.status == 200)
        #expect(waits.values == [wait])
        #expect(notices.values.map(\.reason) == [.rateLimitReset])
    }

    @Test func aNearLimitAnswerPacesTheNextRequest() async throws {
        let api = ScriptedAPI(Self.ok, first: [(200, [HTTPHeader("X-RateLimit-NearLimit", "true")])])
        let waits = Recorder<Duration>()
        var client = client(api, waits: waits)
        client.nearLimitSpacing = .seconds(60)
        _ = try await client.send(method: "GET", path: "organization/1")
        #expect(waits.values.isEmpty)
        // The next request waits for its slot, a minute after the warning.
        _ = try await client.send(method: "GET", path: "organization/1")
        #expect(waits.values.count == 1)
        #expect(waits.values.allSatisfy { $0 > .seconds(30) && $0 <= .seconds(60) })
        // That answer did not say so: the pace is over.
        _ = try await client.send(method: "GET", path: "organization/1")
        #expect(waits.values.count == 1)
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
    @Test(arguments: [
        "nan", "-nan", "inf", "-inf", "-1", "", "Wed, 21 Oct 2015 07:28:00 GMT",
        "1" + String(repeating: "0", count: 100),
    ])
    func anUnreadableRetryAfterIsIgnored(value: String) async throws {
        // Ignored, the 429 names no wait: it backs off as a bare one does.
        let api = ScriptedAPI(Self.ok, first: [(429, [HTTPHeader("Retry-After", value)])])
        let waits = Recorder<Duration>()
        let notices = Recorder<CSMClient.RetryNotice>()
        let response = try await client(api, waits: waits, notices: notices).send(method: "GET", path: "organization/1")
        #expect(response.status == 200)
        #expect(notices.values.map(\.reason) == [.backoff])
        #expect(waits.values.allSatisfy { $0 <= .milliseconds(500) })
    }

    @Test(arguments: ["1e308", "99999999999999999999", "0x1p1023", "86401"])
    func aHugeRetryAfterFailsAtOnceNamingADay(value: String) async throws {
        let api = ScriptedAPI(Self.ok, first: [(429, [HTTPHeader("Retry-After", value)])])
        let waits = Recorder<Duration>()
        let error = await #expect(throws: CSMRateLimitError.self) {
            try await client(api, waits: waits).send(method: "GET", path: "organization/1")
        }
        #expect(error?.requestedWait == .seconds(86_400))
        #expect(waits.values.isEmpty)
        #expect(api.paths.count == 1)
    }

    @Test(arguments: [
        ("2023-11-14T22:13:32.000Z", Duration.seconds(12)), ("2023-11-14T23:13:32+01:00", .seconds(12)),
        ("2023-11-14T22:14:20Z", .seconds(60)),
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
