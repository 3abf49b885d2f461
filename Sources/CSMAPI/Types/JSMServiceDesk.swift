import CSMAuth

/// A Jira Service Management service desk (`GET /rest/servicedeskapi/servicedesk`): its id and
/// the project behind it.
public struct JSMServiceDesk: Sendable, Codable, Equatable {
    /// The service desk's id, such as `1`.
    public var id: String
    /// The id of its Jira project.
    public var projectID: String?
    /// The key of its Jira project, such as `CS`.
    public var projectKey: String?
    /// The name of its Jira project.
    public var projectName: String?

    /// - Parameters:
    ///   - id: the service desk's id.
    ///   - projectID: its project's id.
    ///   - projectKey: its project's key.
    ///   - projectName: its project's name.
    public init(id: String, projectID: String? = nil, projectKey: String? = nil, projectName: String? = nil) {
        self.id = id
        self.projectID = projectID
        self.projectKey = projectKey
        self.projectName = projectName
    }

    private enum CodingKeys: String, CodingKey {
        case id
        case projectID = "projectId"
        case projectKey, projectName
    }
}
