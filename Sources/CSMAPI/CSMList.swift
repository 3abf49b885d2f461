import CSMAuth
import FoundationEssentials

/// The items of a paged CSM list, one at a time: an `AsyncSequence` that asks for the next page
/// only when the items of the previous one have all been taken, so one page is in memory at a time
/// whatever the length of the list.
///
/// Every list call of ``CSMAPI`` returns one; it follows the endpoint's own paging (a cursor,
/// `start`/`limit`, `startAt`/`limit`, `page`/`maxResults` or `_links.next`, see
/// ``CSMClient/nextPagePath(from:after:)``), the same code as `csm-auth api --paginate`.
///
/// ```swift
/// for try await product in api.products() {
///     print(product.id, product.name)
/// }
/// ```
///
/// Iterating throws ``CSMAPIError`` for an answer that is not a success, and `CSMAuthError`
/// (`.unexpectedResponse`) for a page that is not the expected JSON or a next page that leads back
/// to one already fetched.
public struct CSMList<Element: Decodable & Sendable>: AsyncSequence, Sendable {
    let api: CSMAPI
    let request: CSMAPI.Request

    /// Starts the iteration; nothing is sent before the first `next()`.
    public func makeAsyncIterator() -> Iterator {
        Iterator(api: api, request: request)
    }

    /// Every item, in one array: for short lists (the whole list is in memory at once).
    public func collect() async throws -> [Element] {
        var all: [Element] = []
        for try await item in self { all.append(item) }
        return all
    }

    /// Fetches a page when the previous one's items are used up: the pages come from
    /// ``CSMResponsePages``, with no page limit (a long list may have more than its default).
    public struct Iterator: AsyncIteratorProtocol {
        let api: CSMAPI
        let request: CSMAPI.Request
        var pages: CSMResponsePages.Iterator
        var buffer: [Element] = []
        var position = 0
        /// Whether the login's scopes were checked (``CSMAPI/requireGrantedScope(for:)``), before the first page.
        var scopeChecked = false

        init(api: CSMAPI, request: CSMAPI.Request) {
            self.api = api
            self.request = request
            self.pages = api.client.pages(
                method: request.method, path: request.path, headers: request.allHeaders, body: request.body,
                maximumPages: .max
            ).makeAsyncIterator()
        }

        /// The next item, fetching the next page when this one is used up; nil after the last.
        public mutating func next() async throws -> Element? {
            if !scopeChecked {
                try await api.requireGrantedScope(for: request)
                scopeChecked = true
            }
            while position == buffer.count {
                guard let page = try await pages.next() else { return nil }
                var sent = request
                sent.path = page.path
                let list: CSMResultList<Element> = try CSMAPI.decode(
                    api.check(page.response, of: sent), of: sent, expected: "list")
                buffer = list.items
                position = 0
            }
            defer { position += 1 }
            return buffer[position]
        }
    }
}
