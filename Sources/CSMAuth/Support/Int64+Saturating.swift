extension Int64 {
    /// `value` rounded toward zero, clamped to `Int64`'s range; NaN is 0.
    ///
    /// `Int64(_: Double)` stops the process (SIGILL) on a value it cannot hold, and seconds from
    /// outside (a server's `expires_in`, a stored date) must never do that; the parsers refuse such
    /// values first, and this keeps every later conversion safe whatever a library user passes.
    package init(saturating value: Double) {
        if value.isNaN {
            self = 0
        } else if value >= 0x1p63 {
            self = .max
        } else if value < -0x1p63 {
            self = .min
        } else {
            self = Int64(value)
        }
    }
}
