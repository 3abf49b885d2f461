import FoundationEssentials
import Glibc

/// One Atlassian site the user granted access to (an entry of `accessible-resources`); `id` is the cloudId.
public struct AccessibleResource: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var url: String
    public var scopes: [String]
    public var avatarUrl: String?

    public init(id: String, name: String, url: String, scopes: [String] = [], avatarUrl: String? = nil) {
        self.id = id
        self.name = name
        self.url = url
        self.scopes = scopes
        self.avatarUrl = avatarUrl
    }

    /// The host of the site's URL (`acme.atlassian.net`).
    public var host: String? {
        URLParts.host(of: url)
    }
}

enum URLParts {
    static func host(of url: String) -> String? {
        guard let schemeEnd = url.firstRange(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? rest
        return authority.split(separator: ":").first.map { $0.lowercased() }
    }
}
