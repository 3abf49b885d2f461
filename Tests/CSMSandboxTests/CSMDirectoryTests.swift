import Testing

@testable import CSMSandbox

/// The directory's entity list stays sorted by id through inserts, replacements and removals
/// (it keeps the order itself instead of sorting the whole site on every list).
@Suite struct CSMDirectoryTests {
    func entity(_ id: String, _ name: String = "x") -> CSMEntity {
        CSMEntity(id: id, name: name, email: nil, organizationIDs: [], values: [:])
    }

    @Test func entitiesComeSortedByIDWhateverTheOrderOfInserts() {
        var directory = CSMDirectory()
        for id in ["m", "c", "x", "a", "q", "b"] { directory.insert(entity(id), as: .customer) }
        #expect(directory.entities(of: .customer).map(\.id) == ["a", "b", "c", "m", "q", "x"])
        #expect(directory.entities(of: .organization).isEmpty)
    }

    @Test func replacingAnEntityKeepsOneEntryWithTheNewValue() {
        var directory = CSMDirectory()
        directory.insert(entity("a", "old"), as: .customer)
        directory.insert(entity("b"), as: .customer)
        directory.insert(entity("a", "new"), as: .customer)
        #expect(directory.entities(of: .customer).map(\.name) == ["new", "x"])
    }

    @Test func removingTakesTheEntityOutOfTheList() {
        var directory = CSMDirectory()
        for id in ["a", "b", "c"] { directory.insert(entity(id), as: .organization) }
        #expect(directory.remove(.organization, id: "b")?.id == "b")
        #expect(directory.remove(.organization, id: "b") == nil)
        #expect(directory.remove(.organization, id: "zz") == nil)
        #expect(directory.entities(of: .organization).map(\.id) == ["a", "c"])
        directory.insert(entity("b"), as: .organization)
        #expect(directory.entities(of: .organization).map(\.id) == ["a", "b", "c"])
    }

    @Test func generatedCustomersAreListedInIDOrder() {
        var directory = CSMDirectory()
        directory.addSyntheticCustomers(12)
        let ids = directory.entities(of: .customer).map(\.id)
        #expect(ids.count == 12)
        #expect(ids == ids.sorted())
        #expect(ids.first == "qm:synthetic-000001")
    }
}
