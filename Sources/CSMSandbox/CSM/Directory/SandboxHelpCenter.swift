/// A help centre (Atlassian's "customer experience") of a site, and which organizations may use it.
struct SandboxHelpCenter: Sendable, Equatable {
    /// The help centre's id.
    var id: String
    /// Its name, e.g. `Acme Support`.
    var name: String
    /// The organizations given access to it; only meaningful when ``restricted``.
    var organizationIDs: [String]
    /// Whether only customers of ``organizationIDs`` may use it; anyone may use an unrestricted one.
    var restricted: Bool
}
