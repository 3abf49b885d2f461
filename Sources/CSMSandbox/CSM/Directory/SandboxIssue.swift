/// A request (a Jira issue) as the CSM request calls see it: raised through a help centre's form,
/// or created elsewhere and later raised on a help centre.
struct SandboxIssue: Sendable, Equatable {
    /// One comment added through `request/form/helpcenter/{id}/issue/{key}/comment`.
    struct Comment: Sendable, Equatable {
        /// The comment's id.
        var id: String
        /// Its text.
        var body: String
        /// Whether customers see it (false: an internal note).
        var isPublic: Bool
    }

    /// The issue id, a number.
    var id: String
    /// The issue key, such as `CSM-1`.
    var key: String
    /// The summary.
    var summary: String
    /// The reporter's email.
    var reporterEmail: String
    /// The help centres the issue is visible on.
    var helpCenterIDs: [String]
    /// Whether a help-centre form is attached (and submitted): raising it again is a 409.
    var hasForm: Bool
    /// The comments, oldest first.
    var comments: [Comment] = []

    /// Whether `text` is this issue's id or key (a key compared without regard to case).
    func matches(_ text: String) -> Bool {
        text == id || text.uppercased() == key
    }
}
