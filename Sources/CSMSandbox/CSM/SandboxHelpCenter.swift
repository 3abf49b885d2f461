/// A help centre (Atlassian's "customer experience") of a site: the portal customers raise
/// requests on, open to everyone or restricted to some organizations.
struct SandboxHelpCenter: Sendable, Equatable {
    /// The help centre's id.
    var id: String
    /// Its name.
    var name: String
    /// The organizations granted access (what restricts it when ``restricted`` is set).
    var organizationIDs: [String]
    /// Whether only the customers of ``organizationIDs`` may use it.
    var restricted: Bool
}
