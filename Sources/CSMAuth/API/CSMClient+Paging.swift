import Foundation

extension CSMClient {
    /// The path of the next page of an Atlassian paged answer, from `_links.next`, unless `isLastPage`.
    ///
    /// Only the part from `/api/` on is kept (with the query, both still percent-encoded), so the next request goes through
    /// ``url(for:credential:)`` to the profile's own API root, never to a host the answer names.
    /// - Parameter body: the answer's body, untrusted JSON.
    /// - Returns: the path to ask next, e.g. `/api/v1/organization?start=50`; `nil` on the last
    ///   page, or when the body is not such an answer or its link is not a valid URL.
    public static func nextPagePath(from body: Data) -> String? {
        guard let page = try? JSONSerialization.jsonObject(with: body) as? [String: Any], page["isLastPage"] as? Bool != true,
            let next = (page["_links"] as? [String: Any])?["next"] as? String,
            // Not encoding invalid characters: that would encode the link's escapes again (%2F to %252F).
            let url = URL(string: next, encodingInvalidCharacters: false)
        else { return nil }
        // Percent-encoded as sent: decoding would turn an encoded `/` or `?` into a different path.
        let path = url.path(percentEncoded: true)
        guard let range = path.range(of: "/api/") else { return nil }
        return String(path[range.lowerBound...]) + (url.query(percentEncoded: true).map { "?" + $0 } ?? "")
    }
}
