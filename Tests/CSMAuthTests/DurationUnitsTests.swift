import Testing

@testable import CSMAuth

/// The one place durations become milliseconds, nanoseconds and text.
@Suite struct DurationUnitsTests {
    @Test func wholeMillisecondsRoundDownAndSaturate() {
        #expect(Duration.milliseconds(1500).wholeMilliseconds == 1500)
        #expect(Duration.microseconds(999).wholeMilliseconds == 0)
        #expect(Duration.seconds(Int64.max / 10).wholeMilliseconds == .max)
    }

    @Test func curlMillisecondsRoundUpAndAreNeverZero() {
        #expect(Duration.microseconds(1).millisecondsRoundedUp == 1)
        #expect(Duration.microseconds(1001).millisecondsRoundedUp == 2)
        #expect(Duration.zero.millisecondsRoundedUp == 1)
        #expect(Duration.seconds(10).millisecondsRoundedUp == 10_000)
    }

    @Test func wholeNanosecondsSaturate() {
        #expect(Duration.milliseconds(3).wholeNanoseconds == 3_000_000)
        #expect(Duration.seconds(Int64.max / 2).wholeNanoseconds == .max)
    }

    @Test func secondsTextDropsAZeroFraction() {
        #expect(Duration.seconds(300).secondsText == "300")
        #expect(Duration.milliseconds(300).secondsText == "0.3")
        #expect(Duration.milliseconds(1500).secondsText == "1.5")
        #expect(Duration.milliseconds(1234).secondsText == "1.234")
    }
}
