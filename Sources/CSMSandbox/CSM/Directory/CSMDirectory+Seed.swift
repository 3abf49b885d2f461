extension CSMDirectory {
    /// The ids of the seeded organizations (the same on every site), documented in docs/sandbox.md.
    enum SeedID {
        static let acmeCorporation = "1"
        static let globexInc = "2"
        static let initech = "3"
        static let aliceZhang = "qm:5f0c1d2e-7a31-4c55-9d1e-000000000101"
        static let bobMartin = "qm:5f0c1d2e-7a31-4c55-9d1e-000000000102"
        static let chenWei = "qm:5f0c1d2e-7a31-4c55-9d1e-000000000103"
        static let danaSmith = "qm:5f0c1d2e-7a31-4c55-9d1e-000000000104"
    }

    /// A small, realistic data set: a few fields of every common type, three organizations and five
    /// customers (one per customer-role user, plus four others), some values already set.
    /// - Parameter users: the sandbox's users; each customer-role user gets a customer record with their account id.
    static func seeded(users: [SandboxUser]) -> CSMDirectory {
        var directory = CSMDirectory()
        let customerFields: [(String, DetailFieldType, [String])] = [
            ("Region", .select, ["EU", "US", "APAC"]),
            ("Support Level", .select, ["Gold", "Silver", "Bronze"]),
            ("Products", .multiselect, ["Jira", "Confluence", "Bitbucket", "Loom"]),
            ("Phone", .phone, []),
            ("Contract Start", .date, []),
            ("Notes", .text, []),
        ]
        let organizationFields: [(String, DetailFieldType, [String])] = [
            ("Industry", .select, ["Retail", "Finance", "Healthcare", "Manufacturing"]),
            ("Employees", .number, []),
            ("Website", .url, []),
            ("Key Account", .boolean, []),
            ("Billing Email", .email, []),
        ]
        for (name, type, options) in customerFields {
            _ = try? directory.createField(.customer, name: name, type: type, options: options)
        }
        for (name, type, options) in organizationFields {
            _ = try? directory.createField(.organization, name: name, type: type, options: options)
        }

        directory.insert(
            CSMEntity(
                id: SeedID.acmeCorporation, name: "Acme Corporation", email: nil, organizationIDs: [], values: [:]),
            as: .organization)
        directory.insert(
            CSMEntity(id: SeedID.globexInc, name: "Globex Inc", email: nil, organizationIDs: [], values: [:]),
            as: .organization)
        directory.insert(
            CSMEntity(id: SeedID.initech, name: "Initech", email: nil, organizationIDs: [], values: [:]),
            as: .organization)
        _ = try? directory.setValues(
            .organization, entityID: SeedID.acmeCorporation, fieldName: "Industry", values: ["Manufacturing"])
        _ = try? directory.setValues(
            .organization, entityID: SeedID.acmeCorporation, fieldName: "Employees", values: ["1200"])
        _ = try? directory.setValues(
            .organization, entityID: SeedID.acmeCorporation, fieldName: "Website", values: ["https://acme.example"])
        _ = try? directory.setValues(
            .organization, entityID: SeedID.acmeCorporation, fieldName: "Key Account", values: ["true"])
        _ = try? directory.setValues(
            .organization, entityID: SeedID.globexInc, fieldName: "Industry", values: ["Finance"])
        _ = try? directory.setValues(.organization, entityID: SeedID.initech, fieldName: "Industry", values: ["Retail"])

        let people: [(String, String, String, [String])] = [
            (SeedID.aliceZhang, "Alice Zhang", "alice.zhang@acme.example", [SeedID.acmeCorporation]),
            (SeedID.bobMartin, "Bob Martin", "bob.martin@globex.example", [SeedID.globexInc]),
            (SeedID.chenWei, "Chen Wei", "chen.wei@initech.example", [SeedID.initech, SeedID.acmeCorporation]),
            (SeedID.danaSmith, "Dana Smith", "dana.smith@example.com", []),
        ]
        for (id, name, email, organizations) in people {
            directory.insert(
                CSMEntity(id: id, name: name, email: email, organizationIDs: organizations, values: [:]), as: .customer)
        }
        for user in users where user.role == .customer {
            directory.insert(
                CSMEntity(
                    id: user.accountID, name: user.displayName, email: user.email,
                    organizationIDs: [SeedID.acmeCorporation], values: [:]),
                as: .customer)
            _ = try? directory.setValues(.customer, entityID: user.accountID, fieldName: "Region", values: ["EU"])
        }
        _ = try? directory.setValues(.customer, entityID: SeedID.aliceZhang, fieldName: "Region", values: ["EU"])
        _ = try? directory.setValues(
            .customer, entityID: SeedID.aliceZhang, fieldName: "Support Level", values: ["Gold"])
        _ = try? directory.setValues(
            .customer, entityID: SeedID.aliceZhang, fieldName: "Products", values: ["Jira", "Confluence"])
        _ = try? directory.setValues(.customer, entityID: SeedID.bobMartin, fieldName: "Region", values: ["US"])
        _ = try? directory.setValues(.customer, entityID: SeedID.bobMartin, fieldName: "Phone", values: ["+1 555 0100"])
        _ = try? directory.setValues(.customer, entityID: SeedID.chenWei, fieldName: "Region", values: ["APAC"])
        _ = try? directory.setValues(
            .customer, entityID: SeedID.chenWei, fieldName: "Contract Start", values: ["2024-03-01"])
        directory.seedCatalog()
        return directory
    }
}
