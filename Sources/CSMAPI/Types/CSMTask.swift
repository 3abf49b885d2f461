import CSMAuth
import FoundationEssentials

/// A bulk task as `GET /tasks/{taskId}` shows it: `{"id","type","status","failures","createdAt","updatedAt"}`.
///
/// A ``CSMTaskStatus/finished`` task may still have ``failures``: the items listed there were not
/// applied, the others were.
public struct CSMTask: Sendable, Codable, Equatable {
    /// The task's id.
    public var id: String
    /// What the task does, such as `BULK_CUSTOMER_DETAILS_UPDATE`.
    public var type: String?
    /// Where the task is.
    public var status: CSMTaskStatus
    /// The items that were not applied; empty while the task runs and when all went well.
    public var failures: [CSMTaskFailure]
    /// When the task was accepted, when the API says (an ISO 8601 time).
    public var createdAt: Date?
    /// When the task last changed, when the API says.
    public var updatedAt: Date?

    /// - Parameters:
    ///   - id: the task's id.
    ///   - type: what it does.
    ///   - status: where it is.
    ///   - failures: the items not applied.
    ///   - createdAt: when it was accepted.
    ///   - updatedAt: when it last changed.
    public init(
        id: String, type: String? = nil, status: CSMTaskStatus, failures: [CSMTaskFailure] = [], createdAt: Date? = nil,
        updatedAt: Date? = nil
    ) {
        self.id = id
        self.type = type
        self.status = status
        self.failures = failures
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Whether the task has ended (``CSMTaskStatus/isTerminal``).
    public var isDone: Bool { status.isTerminal }

    private enum CodingKeys: String, CodingKey { case id, type, status, failures, createdAt, updatedAt }

    /// Reads the task; a missing `failures` is none, and a time that is not ISO 8601 is nil.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        type = try? container.decodeIfPresent(String.self, forKey: .type)
        status = try container.decode(CSMTaskStatus.self, forKey: .status)
        failures = try container.decodeIfPresent([CSMTaskFailure].self, forKey: .failures) ?? []
        createdAt = Self.date(try? container.decodeIfPresent(String.self, forKey: .createdAt))
        updatedAt = Self.date(try? container.decodeIfPresent(String.self, forKey: .updatedAt))
    }

    /// Writes the task as the API shows it, times in ISO 8601.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encodeIfPresent(type, forKey: .type)
        try container.encode(status, forKey: .status)
        try container.encode(failures, forKey: .failures)
        try container.encodeIfPresent(createdAt?.formatted(.iso8601), forKey: .createdAt)
        try container.encodeIfPresent(updatedAt?.formatted(.iso8601), forKey: .updatedAt)
    }

    /// `text` as an ISO 8601 time, with or without fractional seconds.
    private static func date(_ text: String?) -> Date? {
        guard let text else { return nil }
        return (try? Date(text, strategy: .iso8601))
            ?? (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
    }
}
