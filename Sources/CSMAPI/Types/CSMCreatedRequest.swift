import CSMAuth

/// The request `POST /request/form/external` created: `{"issueId","issueKey"}`.
public struct CSMCreatedRequest: Sendable, Decodable, Equatable {
    /// The issue's id.
    public var issueID: String
    /// The issue's key, such as `CSM-12`.
    public var issueKey: String

    /// - Parameters:
    ///   - issueID: the issue's id.
    ///   - issueKey: the issue's key.
    public init(issueID: String, issueKey: String) {
        self.issueID = issueID
        self.issueKey = issueKey
    }

    private enum CodingKeys: String, CodingKey {
        case issueID = "issueId"
        case issueKey
    }

    /// Reads the answer; an id given as a number is read as its digits.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let number = try? container.decode(Int.self, forKey: .issueID) {
            issueID = String(number)
        } else {
            issueID = try container.decode(String.self, forKey: .issueID)
        }
        issueKey = try container.decode(String.self, forKey: .issueKey)
    }
}
