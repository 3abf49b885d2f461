import Foundation
import NIOHTTP1

extension SandboxState {
    /// Answers one request.
    ///
    /// Control endpoints are answered without delay; every other answer carries the configured
    /// "slow answers" delay, which the HTTP handler applies before writing.
    /// Every answer carries a `Date` header from the sandbox's clock, as Atlassian's do (clients
    /// compare their clock with it).
    mutating func respond(to request: SandboxRequest) -> SandboxResponse {
        var response = answer(to: request)
        response.headers.replaceOrAdd(name: "Date", value: Self.httpDate(clock()))
        return response
    }

    private mutating func answer(to request: SandboxRequest) -> SandboxResponse {
        guard let segments = request.pathSegments else {
            return .gatewayError(.badRequest, "Malformed path")
        }
        if segments.first == "_sandbox" {
            return respondToControl(request, segments: Array(segments.dropFirst()))
        }
        var response = route(request, segments: segments)
        response.delay = faults.delay
        return response
    }

    /// `date` as an HTTP date (RFC 9110's IMF-fixdate): `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func httpDate(_ date: Date) -> String {
        date.formatted(
            Date.VerbatimFormatStyle(
                format:
                    "\(weekday: .abbreviated), \(day: .twoDigits) \(month: .abbreviated) \(year: .padded(4)) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits):\(second: .twoDigits) GMT",
                locale: Locale(identifier: "en_US_POSIX"), timeZone: TimeZone(identifier: "GMT")!,
                calendar: Calendar(identifier: .gregorian)))
    }

    private mutating func route(_ request: SandboxRequest, segments: [String]) -> SandboxResponse {
        // The CSM API and the per-site pages carry ids in the path, so they are matched by prefix first.
        if segments.count >= 7, Array(segments[0..<3]) == ["jsm", "csm", "cloudid"],
            Array(segments[4..<6]) == ["api", "v1"]
        {
            var response = csmAPI(request, cloudID: segments[3], path: Array(segments[6...]))
            addNearLimitHeaders(to: &response)
            return response
        }
        if segments.count == 7, Array(segments[0..<2]) == ["ex", "jira"],
            Array(segments[3...]) == ["rest", "api", "3", "myself"], request.method == .GET
        {
            return gatewayMyself(request, cloudID: segments[2])
        }
        if segments.count >= 5, Array(segments[0..<2]) == ["ex", "jira"],
            Array(segments[3..<5]) == ["rest", "servicedeskapi"]
        {
            return serviceDeskAPI(request, cloudID: segments[2], path: Array(segments[5...]))
        }
        if segments.count >= 2, segments[0] == "site" {
            let rest = Array(segments[2...])
            switch (request.method, rest) {
            case (.GET, ["_edge", "tenant_info"]): return tenantInfo(slug: segments[1])
            case (.GET, ["rest", "api", "3", "myself"]): return myself(request, slug: segments[1])
            case (.GET, []): return sitePage(slug: segments[1])
            default: return .gatewayError(.notFound, "Not Found")
            }
        }
        let allowed: String
        switch segments {
        case ["authorize"]:
            if request.method == .GET { return authorize(request) }
            allowed = "GET"
        case ["authorize", "decision"]:
            if request.method == .POST { return decide(request) }
            allowed = "POST"
        case ["oauth", "token"]:
            if request.method == .POST { return token(request) }
            allowed = "POST"
        case ["oauth", "token", "accessible-resources"]:
            if request.method == .GET { return accessibleResources(request) }
            allowed = "GET"
        case ["_edge", "tenant_info"]:
            if request.method == .GET { return tenantInfo(slug: nil) }
            allowed = "GET"
        case ["me"]:
            if request.method == .GET { return me(request) }
            allowed = "GET"
        default:
            return .gatewayError(.notFound, "Not Found")
        }
        var response = SandboxResponse.gatewayError(.methodNotAllowed, "Method Not Allowed")
        response.headers.add(name: "Allow", value: allowed)
        return response
    }
}
