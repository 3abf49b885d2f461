import FoundationEssentials
import Glibc

/// One Atlassian site the user granted access to (an entry of `accessible-resources`); `id` is the cloudId.
public struct AccessibleResource: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var url: String
    public var scopes: [String]
    public var avatarURL: String?

    public init(id: String, name: String, url: String, scopes: [String] = [], avatarURL: String? = nil) {
        self.id = id
        self.name = name
        self.url = url
        self.scopes = scopes
        self.avatarURL = avatarURL
    }

    /// Atlassian's JSON names (`avatarUrl`).
    private enum CodingKeys: String, CodingKey {
        case id, name, url, scopes
        case avatarURL = "avatarUrl"
    }

    /// The host of the site's URL (`acme.atlassian.net`).
    public var host: String? {
        URLParts.host(of: url)
    }
}
