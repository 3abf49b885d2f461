extension CSMDirectory {
    /// Adds `count` generated customers, for benchmarks and tests of long lists: `Customer 1` to
    /// `Customer N`, with ids `qm:synthetic-000001` on, emails `customer1@synthetic.example` on,
    /// and `Region` set to `EU`, `US` and `APAC` in turn (when the field exists).
    mutating func addSyntheticCustomers(_ count: Int) {
        guard count > 0 else { return }
        let regions = ["EU", "US", "APAC"]
        let region = fields(of: .customer).first { $0.name == "Region" }
        for number in 1...count {
            let digits = String(number)
            let id = "qm:synthetic-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
            var values: [String: [String]] = [:]
            if let region { values[region.id] = [regions[(number - 1) % regions.count]] }
            insert(
                CSMEntity(
                    id: id, name: "Customer \(number)", email: "customer\(number)@synthetic.example",
                    organizationIDs: [], values: values),
                as: .customer)
        }
    }
}
