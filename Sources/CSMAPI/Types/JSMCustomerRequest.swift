import CSMAuth

/// A Jira Service Management customer request (`POST`/`GET /rest/servicedeskapi/request`,
/// `GET /rest/servicedeskapi/request/{issueIdOrKey}`).
public struct JSMCustomerRequest: Sendable, Codable, Equatable {
    /// The issue's id.
    public var issueID: String
    /// The issue's key, such as `CS-2`.
    public var issueKey: String
    /// The service desk it was raised on.
    public var serviceDeskID: String?
    /// The request type it was raised with.
    public var requestTypeID: String?
    /// Who raised it (or on whose behalf an agent did).
    public var reporter: JiraAccount?
    /// Its fields: `summary`, `description` and the request type's others.
    public var fieldValues: [JSMRequestFieldValue]
    /// The name of its current status, such as `Waiting for support`.
    public var status: String?

    /// - Parameters:
    ///   - issueID: the issue's id.
    ///   - issueKey: the issue's key.
    ///   - serviceDeskID: its service desk.
    ///   - requestTypeID: its request type.
    ///   - reporter: who raised it.
    ///   - fieldValues: its fields.
    ///   - status: its current status's name.
    public init(
        issueID: String, issueKey: String, serviceDeskID: String? = nil, requestTypeID: String? = nil,
        reporter: JiraAccount? = nil, fieldValues: [JSMRequestFieldValue] = [], status: String? = nil
    ) {
        self.issueID = issueID
        self.issueKey = issueKey
        self.serviceDeskID = serviceDeskID
        self.requestTypeID = requestTypeID
        self.reporter = reporter
        self.fieldValues = fieldValues
        self.status = status
    }

    /// The text of the field `fieldID` (such as `summary`), if it has one.
    public func value(of fieldID: String) -> String? {
        fieldValues.first { $0.fieldID == fieldID }?.value
    }

    private enum CodingKeys: String, CodingKey {
        case issueID = "issueId"
        case issueKey
        case serviceDeskID = "serviceDeskId"
        case requestTypeID = "requestTypeId"
        case reporter
        case fieldValues = "requestFieldValues"
        case currentStatus
    }

    private struct Status: Codable {
        var status: String?
    }

    /// Reads a request as JSM answers it (`currentStatus.status` for ``status``).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        issueID = try container.decode(String.self, forKey: .issueID)
        issueKey = try container.decode(String.self, forKey: .issueKey)
        serviceDeskID = try container.decodeIfPresent(String.self, forKey: .serviceDeskID)
        requestTypeID = try container.decodeIfPresent(String.self, forKey: .requestTypeID)
        reporter = try container.decodeIfPresent(JiraAccount.self, forKey: .reporter)
        fieldValues = try container.decodeIfPresent([JSMRequestFieldValue].self, forKey: .fieldValues) ?? []
        status = try container.decodeIfPresent(Status.self, forKey: .currentStatus)?.status
    }

    /// Writes the request in JSM's shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(issueID, forKey: .issueID)
        try container.encode(issueKey, forKey: .issueKey)
        try container.encodeIfPresent(serviceDeskID, forKey: .serviceDeskID)
        try container.encodeIfPresent(requestTypeID, forKey: .requestTypeID)
        try container.encodeIfPresent(reporter, forKey: .reporter)
        try container.encode(fieldValues, forKey: .fieldValues)
        try container.encodeIfPresent(status.map { Status(status: $0) }, forKey: .currentStatus)
    }
}
