import CSMAuth

/// A request type of a service desk (`GET /rest/servicedeskapi/servicedesk/{id}/requesttype`),
/// such as "Get help"; a customer request is raised with one.
public struct JSMRequestType: Sendable, Codable, Equatable {
    /// The request type's id.
    public var id: String
    /// The service desk it belongs to.
    public var serviceDeskID: String?
    /// Its name.
    public var name: String
    /// Its description.
    public var description: String?

    /// - Parameters:
    ///   - id: the request type's id.
    ///   - serviceDeskID: its service desk.
    ///   - name: its name.
    ///   - description: its description.
    public init(id: String, serviceDeskID: String? = nil, name: String, description: String? = nil) {
        self.id = id
        self.serviceDeskID = serviceDeskID
        self.name = name
        self.description = description
    }

    private enum CodingKeys: String, CodingKey {
        case id
        case serviceDeskID = "serviceDeskId"
        case name, description
    }
}
