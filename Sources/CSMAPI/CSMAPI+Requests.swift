import CSMAuth
import FoundationEssentials

extension CSMAPI {
    // MARK: Requests

    /// Creates a request through a help centre's form (`POST /request/form/external`), as the
    /// caller or, for an agent, on behalf of `reporterEmail`.
    /// - Parameters:
    ///   - helpCenterID: the help centre whose form is used.
    ///   - origin: where the request came from, such as `amazon-voice`.
    ///   - summary: the request's summary.
    ///   - description: its description.
    ///   - reporterEmail: the reporter; only agents may give one (403 otherwise). Nil: the caller.
    ///   - metadata: flat key-value pairs stored with the request.
    /// - Returns: the new issue's id and key.
    public func createRequest(
        helpCenterID: String, origin: String, summary: String, description: String, reporterEmail: String? = nil,
        metadata: [String: String] = [:]
    ) async throws -> CSMCreatedRequest {
        let body = RequestInput(
            helpCenterId: helpCenterID, origin: origin, summary: summary, description: description,
            email: reporterEmail,
            metadata: metadata.isEmpty ? nil : metadata)
        return try await decoded(
            "POST", "request/form/external", body: try Self.json(body),
            scope: .writeRequest)
    }

    /// Adds a comment to a request on a help centre
    /// (`POST /request/form/helpcenter/{helpCenterId}/issue/{issueIdOrKey}/comment`); a customer
    /// may add only public comments to their own requests.
    /// - Parameters:
    ///   - issue: the issue's id or key.
    ///   - helpCenterID: the help centre the request is on.
    ///   - body: the comment's text.
    ///   - isPublic: whether customers see it; false for an internal note.
    /// - Returns: the comment.
    @discardableResult
    public func addComment(
        toRequest issue: String, onHelpCenter helpCenterID: String, body: String, isPublic: Bool = true
    ) async throws -> CSMRequestComment {
        try await decoded(
            "POST", "request/form/helpcenter/\(Self.segment(helpCenterID))/issue/\(Self.segment(issue))/comment",
            body: try Self.json(CommentInput(body: body, public: isPublic)),
            scope: .writeRequest)
    }

    private struct RequestInput: Encodable {
        var helpCenterId: String
        var origin: String
        var summary: String
        var description: String
        var email: String?
        var metadata: [String: String]?
    }

    private struct CommentInput: Encodable {
        var body: String
        var `public`: Bool
    }
}
