import FoundationEssentials

/// One Atlassian site the user granted access to (an entry of `accessible-resources`); `id` is the cloudId.
public struct AccessibleResource: Sendable, Equatable, Codable {
    /// The site's cloudId.
    public var id: String
    /// The site's name, such as `acme`.
    public var name: String
    /// The site's URL, such as `https://acme.atlassian.net`.
    public var url: String
    /// The scopes the grant has on this site (the union over its products' entries).
    public var scopes: [String]
    /// The URL of the site's avatar, when Atlassian lists one (JSON key `avatarUrl`).
    public var avatarURL: String?

    /// - Parameters:
    ///   - id: the site's cloudId.
    ///   - name: the site's name.
    ///   - url: the site's URL.
    ///   - scopes: the grant's scopes on the site; none by default.
    ///   - avatarURL: the site's avatar, if any.
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
