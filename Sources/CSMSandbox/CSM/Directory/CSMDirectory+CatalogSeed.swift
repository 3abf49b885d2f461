extension CSMDirectory {
    /// The ids of the seeded products, entitlements, help centres and requests (the same on every
    /// site), documented in docs/sandbox.md.
    enum CatalogSeedID {
        static let acmeWidget = "3858a61a-6d5e-4c1b-9b5e-000000000001"
        static let cloudBackup = "3858a61a-6d5e-4c1b-9b5e-000000000002"
        static let supportPlus = "3858a61a-6d5e-4c1b-9b5e-000000000003"
        static let acmeSupport = "1"
        static let publicHelp = "2"
    }

    /// Seeds products, entitlement fields, entitlements, help centres and requests; needs the
    /// seeded organizations and customers.
    mutating func seedCatalog() {
        helpCenters = [
            SandboxHelpCenter(
                id: CatalogSeedID.acmeSupport, name: "Acme Support", organizationIDs: [SeedID.acmeCorporation],
                restricted: true),
            SandboxHelpCenter(
                id: CatalogSeedID.publicHelp, name: "Public Help", organizationIDs: [], restricted: false),
        ]
        for name in ["Acme Widget", "Acme Cloud Backup", "Acme Support Plus"] {
            _ = try? createProduct(name: name)
        }
        _ = try? createField(
            .entitlement, name: "Support Tier", type: .select, options: ["Standard", "Premium", "Enterprise"])
        _ = try? createField(.entitlement, name: "Seats", type: .number, options: [])
        _ = try? createField(.entitlement, name: "Renewal Date", type: .date, options: [])
        let entitlements: [(String, Kind, String, [(name: String, values: [String])])] = [
            (
                CatalogSeedID.acmeWidget, .organization, SeedID.acmeCorporation,
                [("Support Tier", ["Premium"]), ("Seats", ["50"])]
            ),
            (CatalogSeedID.supportPlus, .organization, SeedID.acmeCorporation, [("Renewal Date", ["2026-12-31"])]),
            (CatalogSeedID.acmeWidget, .organization, SeedID.globexInc, [("Support Tier", ["Standard"])]),
            (CatalogSeedID.cloudBackup, .customer, SeedID.aliceZhang, [("Seats", ["1"])]),
        ]
        for (productID, kind, ownerID, details) in entitlements {
            _ = try? createEntitlement(productID: productID, for: kind, ownerID: ownerID, details: details)
        }
        // CSM-1 came through Acme Support's form; CSM-2 and CSM-3 came by email and have no form yet.
        _ = createRequest(
            helpCenterID: CatalogSeedID.acmeSupport, summary: "Cannot log in to the portal",
            reporterEmail: "alice.zhang@acme.example")
        for (summary, email) in [
            ("Invoice shows the wrong VAT", "bob.martin@globex.example"),
            ("Widget firmware update fails", "chen.wei@initech.example"),
        ] {
            var issue = createRequest(helpCenterID: CatalogSeedID.publicHelp, summary: summary, reporterEmail: email)
            issue.hasForm = false
            issue.helpCenterIDs = []
            if let index = issueIndex(issue.id) { catalog.issues[index] = issue }
        }
    }
}
