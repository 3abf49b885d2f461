import CSMAuth
import FoundationEssentials

extension CSMAPI {
    // MARK: Customer accounts (experimental)

    /// Creates a customer account (`POST /customer`); needs the Administer Jira global permission
    /// (a service desk administrator gets 403). Experimental: the call sends `X-ExperimentalApi: opt-in`.
    /// - Parameters:
    ///   - email: the customer's email, not yet used by another customer.
    ///   - displayName: the name shown for them.
    /// - Returns: the new account, with its id.
    public func createCustomerAccount(email: String, displayName: String) async throws -> CSMCustomerAccount {
        try await decoded(
            "POST", "customer", body: try Self.json(["email": email, "displayName": displayName]),
            scope: .writeCustomer, experimental: true)
    }

    /// A customer's account (`GET /customer/account/{customerId}`); needs Administer Jira. Experimental.
    public func customerAccount(id: String) async throws -> CSMCustomerAccount {
        try await decoded(
            "GET", "customer/account/\(Self.segment(id))", scope: .readCustomer,
            experimental: true)
    }

    /// Changes a customer account's display name (`PUT /customer/account/{customerId}`); needs
    /// Administer Jira. Experimental.
    /// - Returns: the account as it is now.
    @discardableResult
    public func updateCustomerAccount(id: String, displayName: String) async throws -> CSMCustomerAccount {
        try await decoded(
            "PUT", "customer/account/\(Self.segment(id))", body: try Self.json(["displayName": displayName]),
            scope: .writeCustomer, experimental: true)
    }

    /// Deletes a customer account (`DELETE /customer/account/{customerId}`); needs Administer Jira.
    /// Experimental.
    public func deleteCustomerAccount(id: String) async throws {
        _ = try await checked(
            "DELETE", "customer/account/\(Self.segment(id))", body: nil,
            scope: .writeCustomer,
            experimental: true)
    }

    // MARK: Searching

    /// The customers whose details match every condition (`POST /customer/search-by-detail-field`),
    /// a page at a time (`page`/`maxResults`; every page repeats the conditions). Needs a service
    /// desk agent; emails are shown only to callers with the Administer Jira global permission
    /// (left out for service desk administrators and agents).
    ///
    /// ```swift
    /// for try await customer in try api.searchCustomers(matching: [CSMDetailMatch(name: "Region", value: "EU")]) {
    ///     print(customer.id, customer.name)
    /// }
    /// ```
    /// - Parameter conditions: the field names and the values they must have; at least one.
    /// - Throws: only when the conditions cannot be encoded; the calls' errors come while iterating.
    public func searchCustomers(matching conditions: [CSMDetailMatch]) throws -> CSMList<CSMRecord> {
        list(
            "POST", "customer/search-by-detail-field", body: try Self.json(["detailFields": conditions]),
            scope: .readCustomer)
    }

    /// The help centres (customer experiences) a customer can use
    /// (`GET /customer/{customerId}/customer-experiences`): the open ones and those their
    /// organizations have access to. Needs a service desk agent. Experimental.
    public func customerExperiences(ofCustomer id: String) async throws -> [CSMRecordReference] {
        try await items(
            "GET", "customer/\(Self.segment(id))/customer-experiences", scope: .readCustomer,
            experimental: true)
    }

    // MARK: Customer profiles (experimental)

    /// A customer's profile: details, organizations and entitlements (`GET /customer/profile/{customerId}`).
    /// Needs a service desk agent. Experimental.
    public func customerProfile(id: String) async throws -> CSMCustomerProfile {
        try await decoded(
            "GET", "customer/profile/\(Self.segment(id))", scope: .readCustomerProfile,
            experimental: true)
    }

    /// Creates a customer with their details and organizations in one call (`POST /customer/profile`).
    /// It creates an account, so it needs Administer Jira. Nothing is created when a detail or an
    /// organization is refused. Experimental.
    /// - Parameters:
    ///   - email: the new customer's email.
    ///   - displayName: the name shown for them.
    ///   - details: the detail values to set.
    ///   - organizationIDs: the organizations they join.
    /// - Returns: the new customer's profile.
    public func createCustomerProfile(
        email: String, displayName: String, details: [CSMDetailAssignment] = [], organizationIDs: [String] = []
    ) async throws -> CSMCustomerProfile {
        let body = CustomerProfileInput(
            email: email, displayName: displayName, details: details,
            associateOrganizations: organizationIDs.isEmpty ? nil : OrganizationIDs(organizationIds: organizationIDs))
        return try await decoded(
            "POST", "customer/profile", body: try Self.json(body),
            scope: .writeCustomerProfile,
            experimental: true)
    }

    /// The profiles of up to 25 customers (`POST /customer/profile/fetch`); unknown ids are left out.
    /// Needs a service desk agent. Experimental.
    public func customerProfiles(ids: [String]) async throws -> [CSMCustomerProfile] {
        try await items(
            "POST", "customer/profile/fetch", body: try Self.json(["customerIds": ids]),
            scope: .readCustomerProfile, experimental: true)
    }

    private struct OrganizationIDs: Encodable {
        var organizationIds: [String]
    }

    private struct CustomerProfileInput: Encodable {
        var email: String
        var displayName: String
        var details: [CSMDetailAssignment]
        var associateOrganizations: OrganizationIDs?
    }
}
