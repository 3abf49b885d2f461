import CSMAuth

/// The status of a bulk task: `NOT_STARTED`, `IN_PROGRESS`, `FINISHED` or `FAILED`.
///
/// A struct over the raw string rather than an enum: a status Atlassian adds later is kept as it
/// came (and counts as not done) instead of failing the decoding.
public struct CSMTaskStatus: RawRepresentable, Sendable, Codable, Hashable, CustomStringConvertible {
    /// The status as the API spells it.
    public let rawValue: String

    /// - Parameter rawValue: the status as the API spells it.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Queued, not started yet.
    public static let notStarted = CSMTaskStatus(rawValue: "NOT_STARTED")
    /// Running.
    public static let inProgress = CSMTaskStatus(rawValue: "IN_PROGRESS")
    /// Done: every item applied, or some listed in ``CSMTask/failures``.
    public static let finished = CSMTaskStatus(rawValue: "FINISHED")
    /// Failed or timed out as a whole.
    public static let failed = CSMTaskStatus(rawValue: "FAILED")

    /// Whether the task has ended: ``finished`` or ``failed``.
    public var isTerminal: Bool { self == .finished || self == .failed }

    /// ``rawValue``.
    public var description: String { rawValue }

    /// Reads the status string.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Writes the status string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
