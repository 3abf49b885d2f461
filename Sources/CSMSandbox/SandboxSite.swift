/// A Jira Service Management site (an Atlassian Cloud tenant) served by the sandbox.
public struct SandboxSite: Sendable, Hashable {
    /// 1-based position among the sandbox's sites.
    public var index: Int
    /// The cloudId: a fixed, documented UUID (`11111111-1111-4111-8111-00000000000N`).
    public var cloudID: String
    /// The site's display name, e.g. "Acme Support".
    public var name: String
    /// The short name used in the site URL, e.g. `acme`.
    public var slug: String
    /// The site URL, `http://HOST:PORT/site/SLUG`, whose `/_edge/tenant_info` answers the cloudId.
    public var url: String

    /// Builds the sites of a sandbox listening at `baseURL`.
    /// - Parameters:
    ///   - count: how many sites (at least 1).
    ///   - baseURL: `http://HOST:PORT`, without a trailing slash.
    /// - Returns: sites with deterministic cloudIds, names and slugs.
    static func make(count: Int, baseURL: String) -> [SandboxSite] {
        (1...max(1, count)).map { index in
            let (name, slug) = index <= names.count ? names[index - 1] : ("Site \(index)", "site\(index)")
            let suffix = String(index)
            let padded = String(repeating: "0", count: max(0, 12 - suffix.count)) + suffix
            return SandboxSite(
                index: index,
                cloudID: "11111111-1111-4111-8111-\(padded)",
                name: name,
                slug: slug,
                url: "\(baseURL)/site/\(slug)")
        }
    }

    /// The largest accepted site count (cloudIds stay well-formed and answers stay small).
    public static let maximumCount = 100

    private static let names: [(String, String)] = [
        ("Acme Support", "acme"),
        ("Globex Help", "globex"),
        ("Initech Service", "initech"),
        ("Umbrella Care", "umbrella"),
        ("Hooli Desk", "hooli"),
        ("Stark Assist", "stark"),
        ("Wayne Service", "wayne"),
        ("Tyrell Help", "tyrell"),
    ]
}
