import CSMAuth

/// A Jira account as the Jira platform and JSM describe it: the caller's own (`myself`) or a
/// request's reporter. `emailAddress` is absent when the account's privacy settings hide it.
public struct JiraAccount: Sendable, Codable, Equatable {
    /// The Atlassian account id, such as `712020:0a0a…`.
    public var accountID: String
    /// The email address, when the account lets it be seen.
    public var emailAddress: String?
    /// The name shown for the account.
    public var displayName: String?
    /// Whether the account is active.
    public var active: Bool?

    /// - Parameters:
    ///   - accountID: the account id.
    ///   - emailAddress: the email address, if visible.
    ///   - displayName: the name shown.
    ///   - active: whether the account is active.
    public init(accountID: String, emailAddress: String? = nil, displayName: String? = nil, active: Bool? = nil) {
        self.accountID = accountID
        self.emailAddress = emailAddress
        self.displayName = displayName
        self.active = active
    }

    private enum CodingKeys: String, CodingKey {
        case accountID = "accountId"
        case emailAddress, displayName, active
    }
}
