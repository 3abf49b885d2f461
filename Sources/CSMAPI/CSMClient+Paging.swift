import CSMAuth
import FoundationEssentials
import Glibc

extension CSMClient {
    /// The path of the next page of an Atlassian paged answer from its `_links.next`, unless `isLastPage`;
    /// see ``nextPagePath(from:after:)`` for the paging styles that need the current path.
    /// - Parameter body: the answer's body, untrusted JSON.
    /// - Returns: the path to ask next, e.g. `/api/v1/organization?start=50`; `nil` on the last
    ///   page, or when the body is not such an answer or its link is not a valid URL.
    public static func nextPagePath(from body: Data) -> String? {
        nextPagePath(from: body, after: nil)
    }

    /// The path of the page after `currentPath`, in whichever paging style the answer uses. The CSM
    /// API pages differently by operation; in the order tried:
    /// - `_links.next` (unless `isLastPage`): only the part from `/api/` on is kept, with its query,
    ///   both still percent-encoded, so the next request goes through ``url(for:credential:toolName:)``
    ///   to the profile's own API root, never to a host the answer names;
    /// - `nextPageCursor` (products): the same path with `cursor` set to it;
    /// - `isLastPage: false` with `page` (search by detail field): `page` one higher;
    /// - `isLastPage: false` with `startAt` or `start` (help-centre access, entitlements, JSM):
    ///   that offset moved past this page's `results` (or `values`, or Jira's `issues`);
    /// - Jira's `startAt` with `isLast: false`, or with `total` alone: `startAt` moved past this
    ///   page, until it reaches `total`.
    ///
    /// For a Jira or JSM path (`/ex/…`), `_links.next` keeps only the link's `/rest/…` part, under
    /// the current path's gateway prefix.
    ///
    /// A page with no items (an empty `results` or `values`) never leads to another, whatever its
    /// style (a server that keeps answering empty pages would otherwise be asked forever).
    /// - Parameters:
    ///   - body: the answer's body, untrusted JSON.
    ///   - currentPath: the path this answer came from; without it, only `_links.next` is followed.
    /// - Returns: the next path, or `nil` on the last page or for a body that is not a paged answer.
    public static func nextPagePath(from body: Data, after currentPath: String?) -> String? {
        guard let page = try? JSONDecoder().decode(PageMarkers.self, from: body), page.isLastPage != true,
            page.isLast != true
        else {
            return nil
        }
        // An empty page ends the list in every style, `_links.next` included: a server linking
        // empty page to empty page would otherwise keep a typed list asking forever without
        // ever yielding an item its caller could stop at.
        guard page.itemCount != 0 else { return nil }
        if let next = page.next {
            // A Jira or JSM link names the site or the gateway: only its `/rest/…` part is kept,
            // under this page's own gateway prefix.
            guard let currentPath, GatewayPath.isRootPath(currentPath), !currentPath.hasPrefix("/jsm/csm/") else {
                return apiPath(ofLink: next)
            }
            if let path = productPath(ofLink: next, after: currentPath) { return path }
        }
        // Offsets and cursors need this page's path and its items (none counted: not a list).
        guard let currentPath, let count = page.itemCount else { return nil }
        if let cursor = page.nextPageCursor, !cursor.isEmpty {
            return PathQuery(currentPath).setting("cursor", to: cursor).path
        }
        // Jira's pages say `isLast`, or only `total`, where JSM's and the CSM API's say `isLastPage`.
        if let startAt = page.startAt, let total = page.total, page.isLastPage == nil, page.isLast == nil {
            return startAt + count < total
                ? PathQuery(currentPath).setting("startAt", to: String(startAt + count)).path : nil
        }
        guard page.isLastPage == false || page.isLast == false else { return nil }
        if let number = page.page {
            return PathQuery(currentPath).setting("page", to: String(number + 1)).path
        }
        if let startAt = page.startAt {
            return PathQuery(currentPath).setting("startAt", to: String(startAt + count)).path
        }
        if let start = page.start {
            return PathQuery(currentPath).setting("start", to: String(start + count)).path
        }
        return nil
    }

    /// The `/rest/…` part of a Jira or JSM next link, with its query, after the part of
    /// `currentPath` before its own `/rest/` (such as `/ex/jira/{cloudId}`); nil when either lacks one.
    private static func productPath(ofLink next: String, after currentPath: String) -> String? {
        guard let url = URL(string: next, encodingInvalidCharacters: false),
            let prefix = currentPath.firstRange(of: "/rest/")
        else { return nil }
        let path = url.path(percentEncoded: true)
        guard let range = path.firstRange(of: "/rest/") else { return nil }
        return String(currentPath[..<prefix.lowerBound]) + String(path[range.lowerBound...])
            + (url.query(percentEncoded: true).map { "?" + $0 } ?? "")
    }

    /// The `/api/…` part of a next link, with its query, percent-encoded as sent.
    private static func apiPath(ofLink next: String) -> String? {
        // Not encoding invalid characters: that would encode the link's escapes again (%2F to %252F).
        guard let url = URL(string: next, encodingInvalidCharacters: false) else { return nil }
        // Percent-encoded as sent: decoding would turn an encoded `/` or `?` into a different path.
        let path = url.path(percentEncoded: true)
        guard let range = path.firstRange(of: "/api/") else { return nil }
        return String(path[range.lowerBound...]) + (url.query(percentEncoded: true).map { "?" + $0 } ?? "")
    }
}

/// The fields of a paged answer that paging needs; a field of another type (`isLastPage` not a
/// Boolean, `next` not a string, an offset that is not a small whole number) counts as absent.
private struct PageMarkers: Decodable {
    var isLastPage: Bool?
    /// Jira's `isLast`.
    var isLast: Bool?
    /// Jira's `total`: how many items the whole list holds.
    var total: Int?
    var next: String?
    var nextPageCursor: String?
    var page: Int?
    var start: Int?
    var startAt: Int?
    /// How many items this page holds (`results`, else `values`), when it says.
    var itemCount: Int?

    private enum Keys: String, CodingKey {
        case isLastPage, isLast, total, _links, next, nextPageCursor, page, start, startAt, results, values, issues
    }

    /// Counts the items of a list without decoding them.
    private struct Skipped: Decodable {
        init(from decoder: any Decoder) throws {}
    }

    init(from decoder: any Decoder) throws {
        let page = try decoder.container(keyedBy: Keys.self)
        isLastPage = try? page.decodeIfPresent(Bool.self, forKey: .isLastPage)
        isLast = try? page.decodeIfPresent(Bool.self, forKey: .isLast)
        next = try? page.nestedContainer(keyedBy: Keys.self, forKey: ._links).decodeIfPresent(
            String.self, forKey: .next)
        nextPageCursor = try? page.decodeIfPresent(String.self, forKey: .nextPageCursor)
        // Offsets are bounded so that adding a page's count to them cannot overflow.
        func offset(_ key: Keys) -> Int? {
            (try? page.decodeIfPresent(Int.self, forKey: key)).flatMap { (0...Int(Int32.max)).contains($0) ? $0 : nil }
        }
        self.page = offset(.page)
        start = offset(.start)
        startAt = offset(.startAt)
        total = offset(.total)
        let items =
            (try? page.decodeIfPresent([Skipped].self, forKey: .results))
            ?? (try? page.decodeIfPresent([Skipped].self, forKey: .values))
            ?? (try? page.decodeIfPresent([Skipped].self, forKey: .issues))
        itemCount = items?.count
    }
}
