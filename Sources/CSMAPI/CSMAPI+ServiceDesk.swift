import CSMAuth
import FoundationEssentials

extension CSMAPI {
    // MARK: Jira platform and Jira Service Management

    /// The account the credential acts for, as the Jira platform sees it
    /// (`GET /ex/jira/{cloudId}/rest/api/3/myself`, scope `read:jira-user`).
    public func myself() async throws -> JiraAccount {
        try await decoded("GET", GatewayPath.jira("rest/api/3/myself"), scope: CSMScope.readJiraUser)
    }

    /// The service desks the caller may see (`GET /rest/servicedeskapi/servicedesk`, scope
    /// `read:servicedesk-request`), paged by `start`/`limit`: every desk for an agent, the desks
    /// a customer is a customer of.
    public func serviceDesks() -> CSMList<JSMServiceDesk> {
        list("GET", GatewayPath.jira("rest/servicedeskapi/servicedesk"), scope: CSMScope.readServiceDeskRequest)
    }

    /// The request types of a service desk (`GET /rest/servicedeskapi/servicedesk/{id}/requesttype`,
    /// scope `read:servicedesk-request`), paged; an unknown desk answers 404.
    /// - Throws: `CSMAuthError` (`.invalidInput`) for an empty id, before anything is sent; the
    ///   calls' errors come while iterating.
    public func requestTypes(serviceDeskID: String) throws -> CSMList<JSMRequestType> {
        list(
            "GET", GatewayPath.jira("rest/servicedeskapi/servicedesk/\(try Self.segment(serviceDeskID))/requesttype"),
            scope: CSMScope.readServiceDeskRequest)
    }

    /// Raises a customer request on a service desk (`POST /rest/servicedeskapi/request`, scope
    /// `write:servicedesk-request`), as the caller or, for an agent, on behalf of a customer.
    /// - Parameters:
    ///   - serviceDeskID: the service desk.
    ///   - requestTypeID: one of its request types (``requestTypes(serviceDeskID:)``).
    ///   - summary: the request's summary.
    ///   - description: its description; nil sends none.
    ///   - accountID: the customer it is raised for (`raiseOnBehalfOf`); only agents may give one
    ///     (403 otherwise). Nil: the caller.
    /// - Returns: the new request.
    public func createCustomerRequest(
        serviceDeskID: String, requestTypeID: String, summary: String, description: String? = nil,
        onBehalfOf accountID: String? = nil
    ) async throws -> JSMCustomerRequest {
        let body = CustomerRequestInput(
            serviceDeskId: serviceDeskID, requestTypeId: requestTypeID,
            requestFieldValues: RequestFields(summary: summary, description: description), raiseOnBehalfOf: accountID)
        return try await decoded(
            "POST", GatewayPath.jira("rest/servicedeskapi/request"), body: try Self.json(body),
            scope: CSMScope.writeServiceDeskRequest)
    }

    /// One customer request (`GET /rest/servicedeskapi/request/{issueIdOrKey}`, scope
    /// `read:servicedesk-request`); a customer may read only their own (403 otherwise).
    /// - Parameter issue: the issue's id or key.
    public func customerRequest(_ issue: String) async throws -> JSMCustomerRequest {
        try await decoded(
            "GET", GatewayPath.jira("rest/servicedeskapi/request/\(try Self.segment(issue))"),
            scope: CSMScope.readServiceDeskRequest)
    }

    /// The customer requests the caller may see (`GET /rest/servicedeskapi/request`, scope
    /// `read:servicedesk-request`), paged by `start`/`limit`: every request for an agent, their
    /// own for a customer.
    /// - Parameter serviceDeskID: only the requests of this service desk; nil for every desk.
    public func customerRequests(serviceDeskID: String? = nil) -> CSMList<JSMCustomerRequest> {
        let query = serviceDeskID.map { "?serviceDeskId=" + Self.queryValue($0) } ?? ""
        return list(
            "GET", GatewayPath.jira("rest/servicedeskapi/request" + query),
            scope: CSMScope.readServiceDeskRequest)
    }

    /// Makes accounts customers of a service desk (`POST /rest/servicedeskapi/servicedesk/{id}/customer`,
    /// scope `manage:servicedesk-customer`); needs an agent. Customers already there stay.
    /// - Parameters:
    ///   - accountIDs: the accounts, at least one.
    ///   - serviceDeskID: the service desk.
    public func addCustomers(_ accountIDs: [String], toServiceDesk serviceDeskID: String) async throws {
        try await changeCustomers("POST", accountIDs, serviceDeskID)
    }

    /// Removes customers from a service desk (`DELETE /rest/servicedeskapi/servicedesk/{id}/customer`,
    /// scope `manage:servicedesk-customer`); needs an agent.
    /// - Parameters:
    ///   - accountIDs: the accounts, at least one.
    ///   - serviceDeskID: the service desk.
    public func removeCustomers(_ accountIDs: [String], fromServiceDesk serviceDeskID: String) async throws {
        try await changeCustomers("DELETE", accountIDs, serviceDeskID)
    }

    /// Adds an organization to a service desk (`POST /rest/servicedeskapi/servicedesk/{id}/organization`,
    /// scope `manage:servicedesk-customer`); needs an agent. Its members become the desk's customers.
    /// - Parameters:
    ///   - organizationID: the organization (the CSM API's organization id, a number).
    ///   - serviceDeskID: the service desk.
    public func addOrganization(_ organizationID: Int, toServiceDesk serviceDeskID: String) async throws {
        try await changeOrganization("POST", organizationID, serviceDeskID)
    }

    /// Removes an organization from a service desk
    /// (`DELETE /rest/servicedeskapi/servicedesk/{id}/organization`, scope
    /// `manage:servicedesk-customer`); needs an agent.
    /// - Parameters:
    ///   - organizationID: the organization.
    ///   - serviceDeskID: the service desk.
    public func removeOrganization(_ organizationID: Int, fromServiceDesk serviceDeskID: String) async throws {
        try await changeOrganization("DELETE", organizationID, serviceDeskID)
    }

    private func changeCustomers(_ method: String, _ accountIDs: [String], _ serviceDeskID: String) async throws {
        _ = try await checked(
            method, GatewayPath.jira("rest/servicedeskapi/servicedesk/\(try Self.segment(serviceDeskID))/customer"),
            body: try Self.json(["accountIds": accountIDs]), scope: CSMScope.manageServiceDeskCustomer)
    }

    private func changeOrganization(_ method: String, _ organizationID: Int, _ serviceDeskID: String) async throws {
        _ = try await checked(
            method,
            GatewayPath.jira("rest/servicedeskapi/servicedesk/\(try Self.segment(serviceDeskID))/organization"),
            body: try Self.json(["organizationId": organizationID]), scope: CSMScope.manageServiceDeskCustomer)
    }

    private struct RequestFields: Encodable {
        var summary: String
        var description: String?
    }

    private struct CustomerRequestInput: Encodable {
        var serviceDeskId: String
        var requestTypeId: String
        var requestFieldValues: RequestFields
        var raiseOnBehalfOf: String?
    }
}
