import CSMAuth
import FoundationEssentials

/// What an answer's rate-limit headers say, read defensively: a value that is not what Atlassian
/// documents counts as absent, and a wait longer than ``longestWait`` as that.
struct RateLimitHeaders: Sendable {
    /// The longest wait a header is read as: a day.
    static let longestWait: Duration = .seconds(86_400)

    /// `Retry-After` in seconds (a decimal number of at least 0), at most ``longestWait``.
    var retryAfter: Duration?
    /// `X-RateLimit-Reset`, an ISO 8601 time with or without seconds.
    var reset: Date?
    /// `X-RateLimit-NearLimit: true`: less than a fifth of the budget is left.
    var nearLimit: Bool

    init(_ response: HTTPResponse) {
        retryAfter = response.header("Retry-After").flatMap(Self.seconds)
        reset = response.header("X-RateLimit-Reset").flatMap(Self.date)
        nearLimit = response.header("X-RateLimit-NearLimit")?.trimmingWhitespace().lowercased() == "true"
    }

    /// The wait the headers ask for at `now`: `Retry-After`, else until `X-RateLimit-Reset`; nil
    /// when neither is there and readable, or the reset is not after `now` (a clock ahead of
    /// Atlassian's would otherwise retry at once, again and again: the answer is then treated as
    /// one that names no wait, which backs off).
    func requestedWait(now: Date) -> (Duration, CSMClient.RetryReason)? {
        if let retryAfter { return (retryAfter, .retryAfter) }
        if let reset, reset > now {
            let seconds = min(reset.timeIntervalSince(now), 86_400)
            return (.milliseconds(Int64((seconds * 1000).rounded(.up))), .rateLimitReset)
        }
        return nil
    }

    /// A `Retry-After` of seconds as a wait; nil for anything else (an HTTP date, a negative or
    /// non-finite number, text).
    static func seconds(_ text: String) -> Duration? {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty, trimmed.utf8.count <= 64, let value = Double(trimmed), value.isFinite, value >= 0
        else { return nil }
        return .milliseconds(Int64((min(value, 86_400) * 1000).rounded(.up)))
    }

    /// An `X-RateLimit-Reset` time: ISO 8601 with seconds (fractions and offsets allowed), or
    /// Atlassian's documented `yyyy-MM-ddTHH:mmZ`, without seconds (an offset allowed there too).
    static func date(_ text: String) -> Date? {
        let trimmed = text.trimmingWhitespace()
        guard trimmed.utf8.count <= 64 else { return nil }
        if let date = try? Date(trimmed, strategy: .iso8601) { return date }
        // `2026-03-02T10:15Z`: the minutes are followed by the zone at once; add the seconds.
        let bytes = Array(trimmed.utf8)
        guard bytes.count > 16, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
            [UInt8(ascii: "Z"), UInt8(ascii: "z"), UInt8(ascii: "+"), UInt8(ascii: "-")].contains(bytes[16])
        else { return nil }
        let withSeconds =
            String(decoding: bytes[..<16], as: UTF8.self) + ":00" + String(decoding: bytes[16...], as: UTF8.self)
        return try? Date(withSeconds, strategy: .iso8601)
    }
}
