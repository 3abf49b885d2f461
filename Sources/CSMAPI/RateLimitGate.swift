import NIOConcurrencyHelpers

/// The gate every request of one site passes through, shared by all the concurrent calls of a
/// process: when one answer asks for a wait (a 429 or 503 with `Retry-After` or
/// `X-RateLimit-Reset`), every request of the site waits until the same instant instead of each
/// earning a 429 of its own, since Atlassian answers a retry before the wait is over with the
/// same or a longer wait.
///
/// While the last answer said `X-RateLimit-NearLimit: true` (less than a fifth of the budget
/// left), the gate paces the requests: one per ``CSMClient/nearLimitSpacing`` (one second by
/// default), so a busy program slows down before it is refused.
///
/// ``CSMClient`` uses ``shared(apiOrigin:cloudID:)``, one gate per API origin and site; pass a gate
/// of your own (``init()``) to ``CSMClient/rateLimitGate`` to share one otherwise, or to keep a
/// client's waits apart from the process's.
public actor RateLimitGate {
    /// No request passes before this instant (a wait asked for), when set.
    private var closedUntil: ContinuousClock.Instant?
    /// Whether the last answer said the budget is nearly spent.
    private var nearLimit = false
    /// The earliest instant the next request may pass while ``nearLimit``.
    private var nextPacedSlot: ContinuousClock.Instant?
    private let clock = ContinuousClock()

    /// A gate of its own, shared by nobody else.
    public init() {}

    // A pthread mutex (NIO's box) rather than the standard library's `Mutex`, whose futex path
    // ThreadSanitizer cannot see, so it reported the lock's own accesses as a race.
    private static let gates = NIOLockedValueBox<[String: RateLimitGate]>([:])

    /// The process's gate of one site: the same for every client of the process that calls it.
    /// - Parameters:
    ///   - apiOrigin: the API gateway's scheme, host and port, such as `https://api.atlassian.com`.
    ///   - cloudID: the site's cloudId; nil for calls that name no site.
    public static func shared(apiOrigin: String, cloudID: String?) -> RateLimitGate {
        let key = apiOrigin.lowercased() + " " + (cloudID ?? "")
        return gates.withLockedValue { gates in
            if let gate = gates[key] { return gate }
            let gate = RateLimitGate()
            gates[key] = gate
            return gate
        }
    }

    /// How long a request must wait before it is sent, its pacing slot reserved.
    /// - Parameters:
    ///   - waitedUntil: the instant the caller has already waited until (its own retry's wait);
    ///     a gate closed no later than that does not hold it again.
    ///   - spacing: the pace while the budget is nearly spent; zero does not pace.
    /// - Returns: the wait, zero when the request may go at once.
    func waitBeforeSending(waitedUntil: ContinuousClock.Instant?, spacing: Duration) -> Duration {
        let now = clock.now
        var openAt = now
        if let closedUntil, closedUntil > now, waitedUntil.map({ closedUntil > $0 }) ?? true {
            openAt = closedUntil
        }
        if nearLimit, spacing > .zero {
            let slot = max(openAt, nextPacedSlot ?? openAt)
            nextPacedSlot = slot.advanced(by: spacing)
            openAt = slot
        }
        return now.duration(to: openAt)
    }

    /// Closes the gate for `wait` from now (keeping a later closing) and returns the instant it opens.
    func close(for wait: Duration) -> ContinuousClock.Instant {
        let until = clock.now.advanced(by: wait)
        if closedUntil.map({ $0 < until }) ?? true { closedUntil = until }
        return until
    }

    /// Takes note of an answer's `X-RateLimit-NearLimit`: `true` holds the next request until
    /// `spacing` after this answer and paces the ones after it; any other answer ends the pace.
    func observe(nearLimit: Bool, spacing: Duration) {
        self.nearLimit = nearLimit
        guard nearLimit, spacing > .zero else {
            nextPacedSlot = nil
            return
        }
        let slot = clock.now.advanced(by: spacing)
        if nextPacedSlot.map({ $0 < slot }) ?? true { nextPacedSlot = slot }
    }
}
