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
/// Iterating throws ``CSMAPIError`` for an answer that is not a success, and ``CSMAuthError``
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

    /// Fetches a page when the previous one's items are used up.
    public struct Iterator: AsyncIteratorProtocol {
        let api: CSMAPI
        var request: CSMAPI.Request
        var nextPath: String?
        var buffer: [Element] = []
        var position = 0
        var visited: Set<String> = []

        init(api: CSMAPI, request: CSMAPI.Request) {
            self.api = api
            self.request = request
            self.nextPath = request.path
        }

        /// The next item, fetching the next page when this one is used up; nil after the last.
        public mutating func next() async throws -> Element? {
            while position == buffer.count {
                guard let path = nextPath else { return nil }
                guard visited.insert(path).inserted else {
                    throw CSMAuthError(.unexpectedResponse, "the server's next page (\(path)) was already fetched: stopping")
                }
                request.path = path
                let response = try await api.checked(request)
                let page: CSMResultList<Element>
                do {
                    page = try JSONDecoder().decode(CSMResultList<Element>.self, from: response.body)
                } catch {
                    throw CSMAuthError(.unexpectedResponse, "\(request.method) \(path) answered HTTP \(response.status) with a body that is not the expected list")
                }
                buffer = page.items
                position = 0
                nextPath = CSMClient.nextPagePath(from: response.body, after: path)
            }
            defer { position += 1 }
            return buffer[position]
        }
    }
}
