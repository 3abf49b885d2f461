import CSMAuth

/// How an item of a profile bulk call finds or makes its record.
public enum CSMBulkProfileOperation: String, Sendable, Codable, CaseIterable {
    /// A new record: a customer needs an email and a display name, an organization a name.
    case create = "CREATE"
    /// An existing record, found by id, else by email (customers) or name (organizations).
    case update = "UPDATE"
    /// The existing record if found, else a new one (an id alone never creates).
    case upsert = "UPSERT"
}
