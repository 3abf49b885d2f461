/// The four kinds of bulk call, each under `customer/` and `organization/`, and what they require.
enum BulkEndpoint: Sendable, CaseIterable {
    /// `POST {kind}/details/definitions/bulk`: create detail fields.
    case definitions
    /// `POST {kind}/details/bulk`: change detail values of many records.
    case details
    /// `POST customer/bulk`, `POST organization/bulk`: create, rename (delete) accounts or organizations.
    case records
    /// `POST {kind}/profile/bulk`: create or update profiles.
    case profiles

    /// The endpoint of `path` (the segments after the kind), or nil.
    init?(path: ArraySlice<String>) {
        switch Array(path) {
        case ["details", "definitions", "bulk"]: self = .definitions
        case ["details", "bulk"]: self = .details
        case ["bulk"]: self = .records
        case ["profile", "bulk"]: self = .profiles
        default: return nil
        }
    }

    /// The scope a token needs.
    func scope(_ kind: CSMDirectory.Kind) -> String {
        switch self {
        case .definitions: "write:\(kind.rawValue).detail-field:jira-service-management"
        case .details: "write:\(kind.rawValue).detail:jira-service-management"
        case .records: "write:\(kind.rawValue):jira-service-management"
        case .profiles: "write:\(kind.rawValue).profile:jira-service-management"
        }
    }

    /// Whether Atlassian marks it experimental (the definitions calls are not).
    var isExperimental: Bool { self != .definitions }

    /// Whether only Jira administrators may call it (else any service desk agent may).
    func needsAdministrator(_ kind: CSMDirectory.Kind) -> Bool {
        self == .definitions || (self == .records && kind == .customer)
    }

    /// The most items one request takes: fields, detail operations (counted over all records),
    /// accounts or organizations, profiles.
    var maximumItems: Int {
        switch self {
        case .definitions: 50
        case .details: 1000
        case .records: 50
        case .profiles: 100
        }
    }

    /// The member of the body that holds the items.
    func itemsKey(_ kind: CSMDirectory.Kind) -> String {
        switch self {
        case .definitions: "detailFields"
        case .details, .records: kind == .customer ? "customers" : "organizations"
        case .profiles: kind == .customer ? "customerProfiles" : "organizationProfiles"
        }
    }

    /// What the call does, for a 403 message.
    func action(_ kind: CSMDirectory.Kind) -> String {
        switch self {
        case .definitions: "create \(kind.rawValue) detail fields"
        case .details: "update \(kind.rawValue) details"
        case .records: kind == .customer ? "manage customer accounts" : "manage organizations"
        case .profiles: "manage \(kind.rawValue) profiles"
        }
    }
}
