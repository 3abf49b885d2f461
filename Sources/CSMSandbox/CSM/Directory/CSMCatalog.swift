/// The part of a site's CSM data that is not detail fields: products, entitlements and the
/// requests of the help centres.
struct CSMCatalog: Sendable {
    /// The products, in creation order.
    var products: [SandboxProduct] = []
    /// The entitlements, in creation order.
    var entitlements: [SandboxEntitlement] = []
    /// The requests the CSM request calls know, in creation order.
    var issues: [SandboxIssue] = []
    /// The number in the next product's id.
    var nextProductNumber = 1
    /// The number in the next entitlement's id.
    var nextEntitlementNumber = 1
    /// The number of the next issue key (`CSM-n`); its id is 10000 + n.
    var nextIssueNumber = 1
    /// The next comment id.
    var nextCommentNumber = 30001

    /// A new product id: a UUID-shaped string, the same on every run.
    mutating func newProductID() -> String {
        defer { nextProductNumber += 1 }
        return "3858a61a-6d5e-4c1b-9b5e-" + Self.twelveDigits(nextProductNumber)
    }

    /// A new entitlement id, UUID-shaped like the product ids.
    mutating func newEntitlementID() -> String {
        defer { nextEntitlementNumber += 1 }
        return "7f1b2c3d-8e9f-4a0b-8c1d-" + Self.twelveDigits(nextEntitlementNumber)
    }

    private static func twelveDigits(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }
}
