import Foundation

/// A site's Jira Service Management data as the `servicedeskapi` calls see it: one service desk
/// with its request types, customers and organizations, and the customer requests raised there.
struct ServiceDeskBoard: Sendable {
    /// A service desk (a JSM project).
    struct Desk: Sendable {
        var id: String
        var projectID: String
        var projectKey: String
        var projectName: String
        /// The account ids of its customers.
        var customerAccountIDs: [String]
        /// The ids of the organizations added to it.
        var organizationIDs: [Int]
    }

    /// A request type of a desk.
    struct RequestType: Sendable {
        var id: String
        var serviceDeskID: String
        var name: String
        var description: String
    }

    /// A customer request.
    struct CustomerRequest: Sendable {
        var issueID: String
        var issueKey: String
        var serviceDeskID: String
        var requestTypeID: String
        var summary: String
        var description: String
        var reporterAccountID: String
    }

    var desks: [Desk]
    var requestTypes: [RequestType]
    var requests: [CustomerRequest] = []
    /// The number of the next issue, for its id and key.
    var nextIssueNumber = 1

    /// Desk 1, `Customer Support` (project `CS`), with two request types and the seeded customers
    /// of `users` as its customers; organization 1 is added to it.
    static func seeded(users: [SandboxUser]) -> ServiceDeskBoard {
        var board = ServiceDeskBoard(
            desks: [
                Desk(
                    id: "1", projectID: "10000", projectKey: "CS", projectName: "Customer Support",
                    customerAccountIDs: users.filter { !$0.role.isAgent }.map(\.accountID), organizationIDs: [1])
            ],
            requestTypes: [
                RequestType(id: "1", serviceDeskID: "1", name: "Get help", description: "Ask the support team."),
                RequestType(id: "2", serviceDeskID: "1", name: "Report a bug", description: "Something is broken."),
            ])
        if let customer = users.first(where: { !$0.role.isAgent }) {
            _ = board.raise(
                deskID: "1", requestTypeID: "1", summary: "Cannot log in", description: "Since this morning.",
                reporter: customer.accountID)
        }
        return board
    }

    /// Adds a request and returns it.
    mutating func raise(deskID: String, requestTypeID: String, summary: String, description: String, reporter: String)
        -> CustomerRequest
    {
        let project = desks.first { $0.id == deskID }?.projectKey ?? "CS"
        let request = CustomerRequest(
            issueID: String(20000 + nextIssueNumber), issueKey: "\(project)-\(nextIssueNumber)",
            serviceDeskID: deskID, requestTypeID: requestTypeID, summary: summary, description: description,
            reporterAccountID: reporter)
        nextIssueNumber += 1
        requests.append(request)
        return request
    }
}
