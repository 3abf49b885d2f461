import CSMAuth
import FoundationEssentials

extension CSMAPI {
    // MARK: Organizations (experimental)

    /// Creates an organization (`POST /organization`); needs a service desk agent. Names are unique
    /// on a site. Experimental: the call sends `X-ExperimentalApi: opt-in`.
    /// - Returns: the new organization, with its id and (empty) details.
    public func createOrganization(name: String) async throws -> CSMRecord {
        try await decoded(
            "POST", "organization", body: try Self.json(["name": name]),
            scope: .writeOrganization,
            experimental: true)
    }

    /// Renames an organization (`PUT /organization/{organizationId}`); needs a service desk agent.
    /// Experimental.
    /// - Returns: the organization as it is now.
    @discardableResult
    public func renameOrganization(id: String, to name: String) async throws -> CSMRecord {
        try await decoded(
            "PUT", "organization/\(Self.segment(id))", body: try Self.json(["name": name]),
            scope: .writeOrganization, experimental: true)
    }

    /// Deletes an organization (`DELETE /organization/{organizationId}`); its customers stay, without
    /// it. Needs the Administer Jira global permission (a service desk administrator gets 403).
    /// Experimental.
    public func deleteOrganization(id: String) async throws {
        _ = try await checked(
            "DELETE", "organization/\(Self.segment(id))", body: nil,
            scope: .writeOrganization,
            experimental: true)
    }

    /// Up to 50 organizations by id and/or name (`POST /organization/fetch`); those not found are
    /// left out. Needs a service desk agent. Experimental.
    /// - Parameters:
    ///   - ids: organization ids.
    ///   - names: organization names.
    public func organizations(ids: [String] = [], names: [String] = []) async throws -> [CSMRecord] {
        let body = OrganizationFetch(organizationIds: ids.isEmpty ? nil : ids, names: names.isEmpty ? nil : names)
        return try await items(
            "POST", "organization/fetch", body: try Self.json(body), scope: .readOrganization,
            experimental: true)
    }

    // MARK: Organization profiles (experimental)

    /// An organization's profile: details, customers and entitlements
    /// (`GET /organization/profile/{organizationId}`). Needs a service desk agent. Experimental.
    public func organizationProfile(id: String) async throws -> CSMOrganizationProfile {
        try await decoded(
            "GET", "organization/profile/\(Self.segment(id))",
            scope: .readOrganizationProfile,
            experimental: true)
    }

    /// Creates an organization with its details and customers in one call (`POST /organization/profile`).
    /// Needs a service desk agent. Nothing is created when a detail or a customer is refused. Experimental.
    /// - Parameters:
    ///   - name: the new organization's name.
    ///   - details: the detail values to set.
    ///   - customerIDs: the customers who join it.
    /// - Returns: the new organization's profile.
    public func createOrganizationProfile(
        name: String, details: [CSMDetailAssignment] = [], customerIDs: [String] = []
    ) async throws -> CSMOrganizationProfile {
        let body = OrganizationProfileInput(
            name: name, details: details,
            associateCustomers: customerIDs.isEmpty ? nil : CustomerIDs(customerIds: customerIDs))
        return try await decoded(
            "POST", "organization/profile", body: try Self.json(body),
            scope: .writeOrganizationProfile,
            experimental: true)
    }

    /// The profiles of up to 25 organizations (`POST /organization/profile/fetch`); unknown ids are
    /// left out. Needs a service desk agent. Experimental.
    public func organizationProfiles(ids: [String]) async throws -> [CSMOrganizationProfile] {
        try await items(
            "POST", "organization/profile/fetch", body: try Self.json(["organizationIds": ids]),
            scope: .readOrganizationProfile, experimental: true)
    }

    private struct OrganizationFetch: Encodable {
        var organizationIds: [String]?
        var names: [String]?
    }

    private struct CustomerIDs: Encodable {
        var customerIds: [String]
    }

    private struct OrganizationProfileInput: Encodable {
        var name: String
        var details: [CSMDetailAssignment]
        var associateCustomers: CustomerIDs?
    }
}
