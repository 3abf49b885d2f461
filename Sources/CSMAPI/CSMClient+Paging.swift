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
    /// API pages differently by operation, and Atlassian's other APIs differently again; in the
    /// order tried:
    /// - `isLastPage: true` (Jira: `isLast: true`) ends the list, and so does a page with no items
    ///   (an empty `results`, `values` or Jira's `issues`), whatever its style (a server that keeps
    ///   answering empty pages would otherwise be asked forever);
    /// - `_links.next`: only the part from `/api/` on is kept, with its query, both still
    ///   percent-encoded, so the next request goes through ``url(for:credential:toolName:)`` to the
    ///   profile's own API root, never to a host the answer names; for a Jira or JSM path (`/ex/…`),
    ///   only the link's `/rest/…` part, under the current path's gateway prefix;
    /// - `nextPageCursor` (products): the same path with `cursor` set to it; a page reached by a
    ///   cursor that has none is the last;
    /// - `page` (search by detail field), `startAt` (help-centre access, Jira) or `start`
    ///   (entitlements, JSM):
    ///   one page higher, or that offset moved past this page's `results` (or `values`, or `size`
    ///   items), when `isLastPage: false` (or `isLast`) says there is more, or `total` does, or, without either,
    ///   when the page is full: as many items as its `limit` or `maxResults` (from the answer, else
    ///   from the path).
    ///
    /// A full page with none of these markers ends the list too, but the list may be incomplete:
    /// ``CSMResponsePages`` warns about it on ``CSMClient/logger``.
    /// - Parameters:
    ///   - body: the answer's body, untrusted JSON.
    ///   - currentPath: the path this answer came from; without it, only `_links.next` is followed.
    /// - Returns: the next path, or `nil` on the last page or for a body that is not a paged answer.
    public static func nextPagePath(from body: Data, after currentPath: String?) -> String? {
        if case .next(let path) = pageStep(from: body, after: currentPath) { return path }
        return nil
    }

    /// What comes after a page: see ``nextPagePath(from:after:)``.
    enum PageStep: Equatable {
        /// The next page's path.
        case next(String)
        /// The list is over (or the answer is not a page).
        case last
        /// A full page without a marker: there may be more, but nothing says how to ask for it.
        case unmarkedFullPage
    }

    /// The step after a page, as ``nextPagePath(from:after:)`` describes it.
    static func pageStep(from body: Data, after currentPath: String?) -> PageStep {
        guard let page = try? JSONDecoder().decode(PageMarkers.self, from: body), page.isLast != true else {
            return .last
        }
        // An empty page ends the list in every style, `_links.next` included: a server linking
        // empty page to empty page would otherwise keep a typed list asking forever without
        // ever yielding an item its caller could stop at.
        guard page.itemCount != 0 else { return .last }
        if let next = page.next {
            // A Jira or JSM link names the site or the gateway: only its `/rest/…` part is kept,
            // under this page's own gateway prefix. A link that cannot be followed there does not
            // end the list quietly: there is more, and it cannot be asked for.
            guard let currentPath, isProductPath(currentPath) else {
                return apiPath(ofLink: next).map(PageStep.next) ?? .unmarkedFullPage
            }
            if let path = productPath(ofLink: next, after: currentPath) { return .next(path) }
        }
        // Offsets and cursors need this page's path and its items (none counted: not a list).
        guard let currentPath, let count = page.itemCount ?? page.size else { return .last }
        let query = PathQuery(currentPath)
        if let cursor = page.nextPageCursor, !cursor.isEmpty {
            return .next(query.setting("cursor", to: cursor).path)
        }
        // A page reached by a cursor that gives none is the cursor's last.
        if query.value(of: "cursor") != nil { return .last }
        let pageSize =
            page.limit ?? page.maxResults ?? query.value(of: "limit").flatMap { Int($0) }
            ?? query.value(of: "maxResults").flatMap { Int($0) }
        let isFull = pageSize.map { $0 > 0 && count >= $0 }
        let offset = page.startAt ?? page.start ?? page.page.map { _ in 0 }
        let hasMore: Bool? =
            if let isLast = page.isLast {
                !isLast
            } else if let total = page.total, let offset, page.page == nil {
                offset + count < total
            } else {
                isFull
            }
        guard hasMore != false else { return .last }
        if hasMore == true {
            if let number = page.page {
                return .next(query.setting("page", to: String(number + 1)).path)
            }
            if let startAt = page.startAt {
                return .next(query.setting("startAt", to: String(startAt + count)).path)
            }
            if let start = page.start {
                return .next(query.setting("start", to: String(start + count)).path)
            }
        }
        // More is said (`isLastPage: false`) or likely (a full page), but nothing says how to ask.
        return hasMore == true || isFull == true ? .unmarkedFullPage : .last
    }

    /// Whether `path` is a Jira or JSM path (`/ex/…`, `/jsm/…` but the CSM API's `/jsm/csm/…`),
    /// given from the gateway's root or as a full URL under the API URL.
    private static func isProductPath(_ path: String) -> Bool {
        guard GatewayPath.isFullURL(path) else {
            return GatewayPath.isRootPath(path) && !path.hasPrefix("/jsm/csm/")
        }
        let part = URL(string: path, encodingInvalidCharacters: false)?.path(percentEncoded: true) ?? ""
        return part.contains("/ex/") || (part.contains("/jsm/") && !part.contains("/jsm/csm/"))
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
    /// Whether this is the last page: JSM's and the CSM API's `isLastPage`, else Jira's `isLast`.
    var isLast: Bool?
    var next: String?
    var nextPageCursor: String?
    var page: Int?
    var start: Int?
    var startAt: Int?
    var limit: Int?
    var maxResults: Int?
    var size: Int?
    var total: Int?
    /// How many items this page holds (`results`, else `values`, else Jira's `issues`), when it says.
    var itemCount: Int?

    private enum Keys: String, CodingKey {
        case isLastPage, isLast, _links, next, nextPageCursor, page, start, startAt, limit, maxResults, size, total,
            results, values, issues
    }

    /// Counts the items of a list without decoding them.
    private struct Skipped: Decodable {
        init(from decoder: any Decoder) throws {}
    }

    init(from decoder: any Decoder) throws {
        let page = try decoder.container(keyedBy: Keys.self)
        isLast =
            (try? page.decodeIfPresent(Bool.self, forKey: .isLastPage))
            ?? (try? page.decodeIfPresent(Bool.self, forKey: .isLast))
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
        limit = offset(.limit)
        maxResults = offset(.maxResults)
        size = offset(.size)
        total = offset(.total)
        let items =
            (try? page.decodeIfPresent([Skipped].self, forKey: .results))
            ?? (try? page.decodeIfPresent([Skipped].self, forKey: .values))
            ?? (try? page.decodeIfPresent([Skipped].self, forKey: .issues))
        itemCount = items?.count
    }
}
