import CSMAuth
import FoundationEssentials

extension CSMAPI {
    // MARK: Help centres (experimental)

    /// The organizations with access to an organization-restricted help centre
    /// (`GET /helpcenter/{helpCenterId}/access/organization`, experimental), paged by
    /// `startAt`/`limit`; needs an administrator of the help centre. A help centre open to
    /// everyone answers 400.
    /// - Throws: `CSMAuthError` (`.invalidInput`) for an empty id, before anything is sent; the
    ///   calls' errors come while iterating.
    public func helpCenterOrganizations(helpCenterID: String) throws -> CSMList<CSMRecordReference> {
        list(
            "GET", "helpcenter/\(try Self.segment(helpCenterID))/access/organization",
            scope: .readHelpCenter, experimental: true)
    }

    /// Grants organizations access to a help centre (`POST /helpcenter/{helpCenterId}/access/organization`,
    /// experimental); it does not make an open help centre restricted. Needs an administrator of
    /// the help centre.
    /// - Parameters:
    ///   - helpCenterID: the help centre.
    ///   - organizationIDs: 1 to 5 existing organizations; those that already have access keep it.
    public func grantHelpCenterAccess(helpCenterID: String, organizationIDs: [String]) async throws {
        _ = try await checked(
            Request(
                method: "POST", path: "helpcenter/\(Self.segment(helpCenterID))/access/organization",
                body: try Self.json(["organizationIds": organizationIDs]),
                scope: .writeHelpCenter,
                experimental: true))
    }

    /// Removes an organization's access to a help centre
    /// (`DELETE /helpcenter/{helpCenterId}/access/organization/{organizationId}`, experimental);
    /// an organization without access is no change. Needs an administrator of the help centre.
    public func revokeHelpCenterAccess(helpCenterID: String, organizationID: String) async throws {
        _ = try await checked(
            "DELETE", "helpcenter/\(Self.segment(helpCenterID))/access/organization/\(Self.segment(organizationID))",
            body: nil,
            scope: .writeHelpCenter, experimental: true)
    }

    /// Makes an issue visible on a help centre, attaching and submitting the help centre's default
    /// form from the issue's summary and description
    /// (`POST /helpcenter/{helpCenterId}/issue/{issueIdOrKey}/raise`, experimental); needs an agent
    /// who may edit the issue.
    /// - Parameters:
    ///   - helpCenterID: the help centre.
    ///   - issue: the issue's id or key.
    /// - Returns: the link to the raised issue on the help centre's support site.
    /// - Throws: ``CSMAPIError`` with status 409 when the issue already has a form attached.
    @discardableResult
    public func raise(issue: String, onHelpCenter helpCenterID: String) async throws -> CSMRaisedIssue {
        try await decoded(
            "POST", "helpcenter/\(Self.segment(helpCenterID))/issue/\(Self.segment(issue))/raise",
            scope: .writeRequest, experimental: true)
    }
}
