/// A Jira Service Management site (an Atlassian Cloud tenant) served by the sandbox.
///
/// Sites are fixed, so tests can name them: site *i* (1-based) has the cloudId
/// `11111111-1111-4111-8111-` followed by *i* padded to 12 digits, and the first eight are
/// Acme Support (`acme`), Globex Help (`globex`), Initech Service (`initech`), Umbrella Care
/// (`umbrella`), Hooli Desk (`hooli`), Stark Assist (`stark`), Wayne Service (`wayne`) and
/// Tyrell Help (`tyrell`); the next ones are "Site N" (`siteN`). Every site starts with the same
/// seeded customers, organizations and detail fields, then changes on its own.
///
/// A grant covers every site; `GET /oauth/token/accessible-resources` lists them, each twice
/// (once for Jira Service Management, once for the Jira platform), as Atlassian does.
public struct SandboxSite: Sendable, Hashable {
    /// The site's 1-based position among the sandbox's sites.
    public var index: Int
    /// The cloudId, a fixed UUID: `11111111-1111-4111-8111-000000000001` for the first site.
    ///
    /// It names the site in the CSM API's path (``SandboxServer/apiBaseURL(for:)``) and in
    /// accessible-resources.
    public var cloudID: String
    /// The site's display name, e.g. `Acme Support`.
    public var name: String
    /// The short name used in the site URL, e.g. `acme`.
    public var slug: String
    /// The site URL, `{baseURL}/site/{slug}`, the stand-in for `https://acme.atlassian.net`:
    /// `{url}/_edge/tenant_info` answers the cloudId and `{url}/rest/api/3/myself` the caller's
    /// account.
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

    /// The largest accepted ``SandboxConfiguration/siteCount``: 100, so that cloudIds stay
    /// well-formed and answers stay small.
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
