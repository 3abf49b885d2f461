import CSMAuth

/// What `POST /helpcenter/{helpCenterId}/issue/{issueIdOrKey}/raise` answers: a link to the
/// raised issue on the help centre's support site.
///
/// Atlassian documents the answer as "a link to the raised issue" in JSON without naming its
/// member, so reading is tolerant: a JSON string, or an object whose `link`, `url` or `href` is
/// the link. It is written back as `{"link"}`.
public struct CSMRaisedIssue: Sendable, Codable, Hashable {
    /// The link to the raised issue on the support site, as Atlassian gives it.
    public var link: String

    /// - Parameter link: the link to the raised issue.
    public init(link: String) {
        self.link = link
    }

    private enum CodingKeys: String, CodingKey {
        case link, url, href
    }

    /// Reads `"https://…"`, `{"link":"https://…"}`, `{"url":…}` or `{"href":…}`.
    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            link = text
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        for key in [CodingKeys.link, .url, .href] {
            if let text = try container.decodeIfPresent(String.self, forKey: key) {
                link = text
                return
            }
        }
        throw DecodingError.keyNotFound(
            CodingKeys.link,
            DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "No link to the raised issue."))
    }

    /// Writes `{"link"}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(link, forKey: .link)
    }
}
