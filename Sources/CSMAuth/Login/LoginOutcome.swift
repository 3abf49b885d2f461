/// The result of a login: the sites the grant reaches and the one the profile now uses.
public struct LoginOutcome: Sendable {
    /// The site the profile uses; nil when it still has to be chosen (`csm-auth sites --select`,
    /// or ``Profiles/selectSite(_:among:for:)``).
    public let site: AccessibleResource?
    /// Every site the login's grant reaches.
    public let sites: [AccessibleResource]
    /// Who logged in, from `{API_URL}/me`; nil when Atlassian did not say (no `read:me` scope).
    package var account: AtlassianAccount? = nil
    /// The account the profile belonged to before this login, when it is known and this login's
    /// is not the same: another `accountId` (the login switched the profile to another person),
    /// or none at all (``account`` is nil: `/me` could not say who logged in).
    package var replacedAccount: AtlassianAccount? = nil

    /// - Parameters:
    ///   - site: the site the profile uses, nil when none is chosen yet.
    ///   - sites: every site the grant reaches.
    public init(site: AccessibleResource?, sites: [AccessibleResource]) {
        self.site = site
        self.sites = sites
    }
}
