import FoundationEssentials
import Glibc

extension CSMClient {
    /// The path of the next page of an Atlassian paged answer, from `_links.next`, unless `isLastPage`.
    ///
    /// Only the part from `/api/` on is kept (with the query, both still percent-encoded), so the next request goes through
    /// ``url(for:credential:toolName:)`` to the profile's own API root, never to a host the answer names.
    /// - Parameter body: the answer's body, untrusted JSON.
    /// - Returns: the path to ask next, e.g. `/api/v1/organization?start=50`; `nil` on the last
    ///   page, or when the body is not such an answer or its link is not a valid URL.
    public static func nextPagePath(from body: Data) -> String? {
        guard let page = try? JSONDecoder().decode(PageLinks.self, from: body), page.isLastPage != true,
            let next = page.next,
            // Not encoding invalid characters: that would encode the link's escapes again (%2F to %252F).
            let url = URL(string: next, encodingInvalidCharacters: false)
        else { return nil }
        // Percent-encoded as sent: decoding would turn an encoded `/` or `?` into a different path.
        let path = url.path(percentEncoded: true)
        guard let range = path.firstRange(of: "/api/") else { return nil }
        return String(path[range.lowerBound...]) + (url.query(percentEncoded: true).map { "?" + $0 } ?? "")
    }
}

/// The two fields of an Atlassian paged answer that paging needs; any other shape of them
/// (`isLastPage` not a Boolean, `next` not a string) counts as absent, as it did before.
private struct PageLinks: Decodable {
    var isLastPage: Bool?
    var next: String?

    private enum Keys: String, CodingKey { case isLastPage, _links, next }

    init(from decoder: any Decoder) throws {
        let page = try decoder.container(keyedBy: Keys.self)
        isLastPage = try? page.decodeIfPresent(Bool.self, forKey: .isLastPage)
        next = try? page.nestedContainer(keyedBy: Keys.self, forKey: ._links).decodeIfPresent(String.self, forKey: .next)
    }
}
