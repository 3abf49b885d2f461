import Foundation

/// The CSM API knobs a test may turn: how long pages are and how long bulk tasks take.
struct APISettings: Sendable, Equatable {
    /// The largest value the page-size knob takes (the API's own maxima are lower).
    static let maximumPageSize = 1000

    /// The largest page any list answers.
    var pageSize: Int
    /// Seconds from a bulk call to its task's end.
    var bulkTaskDelay: TimeInterval
}
