/// A site a profile can use, and whether it is the one the profile's settings name: what
/// `csm-auth sites` lists, with `*` on the selected one.
public struct SiteChoice: Sendable, Equatable {
    /// The site.
    public let site: AccessibleResource
    /// Whether the profile's settings name this site (its cloudId).
    public let isSelected: Bool

    /// - Parameters:
    ///   - site: the site.
    ///   - isSelected: whether the profile's settings name it.
    public init(site: AccessibleResource, isSelected: Bool) {
        self.site = site
        self.isSelected = isSelected
    }
}
