extension Duration {
    /// Whole milliseconds, rounded down (logs, `poll`, messages). Durations beyond `Int64`'s
    /// milliseconds saturate.
    package var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        return overflow ? (seconds < 0 ? .min : .max) : scaled + attoseconds / 1_000_000_000_000_000
    }

    /// Whole milliseconds rounded up, at least 1: a positive timeout never becomes 0, which
    /// libcurl reads as "no limit". Durations beyond `Int`'s milliseconds saturate.
    var millisecondsRoundedUp: Int {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        if overflow { return seconds < 0 ? 1 : .max }
        let (sum, sumOverflow) = scaled.addingReportingOverflow(
            (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
        return sumOverflow ? .max : max(Int(sum), 1)
    }

    /// Whole nanoseconds, saturating at `Int64.max` (NIO's `TimeAmount`, `timespec`).
    var wholeNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, sumOverflow) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        return sumOverflow ? .max : sum
    }

    /// `300`, `0.3` or `1.5`: whole seconds without a fraction, others to the millisecond.
    package var secondsText: String {
        let milliseconds = wholeMilliseconds
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000)" }
        var fraction = String(milliseconds % 1000)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(milliseconds / 1000).\(fraction)"
    }
}
