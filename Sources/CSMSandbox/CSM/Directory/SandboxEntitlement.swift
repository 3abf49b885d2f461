/// An entitlement: a customer or organization entitled to a product. Its detail values live with
/// the directory's entities of kind `.entitlement` under the same id, so the field rules (types,
/// options, renamed and deleted fields) apply to them as to customers and organizations.
struct SandboxEntitlement: Sendable, Equatable {
    /// The entitlement's id, a UUID.
    var id: String
    /// The product it entitles to.
    var productID: String
    /// Who holds it: `.customer` or `.organization`.
    var ownerKind: CSMDirectory.Kind
    /// The customer's or organization's id.
    var ownerID: String
}
