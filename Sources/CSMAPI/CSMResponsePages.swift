import CSMAuth
import FoundationEssentials
import Logging

/// The answers to one API request and, when asked, to each next page in the answers' own paging
/// style (a cursor, an offset, a page number or `_links.next`; see
/// ``CSMClient/nextPagePath(from:after:)``): an `AsyncSequence` that fetches a page only when the
/// previous one has been consumed, so one page is in memory at a time.
///
/// The sequence ends after an answer that is not a success (a status of 300 or more, which it
/// still yields: a redirect is never followed), after
/// the last page, or when the caller stops iterating. A full page that names no next page and does
/// not say it is the last ends it too, with a warning on ``CSMClient/logger`` that the list may be
/// incomplete. It throws when a next page leads back to a
/// page already fetched, or when more than ``maximumPages`` would be fetched.
///
/// ```swift
/// for try await page in client.pages(path: "organization?limit=50") {
///     print(page.path, page.response.status)
/// }
/// ```
public struct CSMResponsePages: AsyncSequence, Sendable {
    /// One answer and the path it was fetched from.
    public struct Page: Sendable {
        /// The path sent, such as `organization?start=50`.
        public let path: String
        /// The answer, whatever its status.
        public let response: HTTPResponse
    }

    /// The most pages fetched by default: a server that never ends its list must not keep the
    /// client calling it.
    public static let defaultMaximumPages = 10_000

    let client: CSMClient
    let method: String
    let path: String
    let headers: [HTTPHeader]
    let body: Data?
    let followsNextPages: Bool
    /// The most pages fetched before the sequence throws.
    public let maximumPages: Int

    /// Starts the iteration; nothing is sent before the first `next()`.
    public func makeAsyncIterator() -> Iterator {
        Iterator(pages: self)
    }

    /// Fetches the pages one `next()` at a time.
    public struct Iterator: AsyncIteratorProtocol {
        let pages: CSMResponsePages
        var nextPath: String?
        var visited: Set<String> = []

        init(pages: CSMResponsePages) {
            self.pages = pages
            self.nextPath = pages.path
        }

        /// The next answer; nil after the last page or after an answer of 300 or more.
        /// - Throws: `CSMAuthError` (`.unexpectedResponse`) when a next link loops or the pages
        ///   exceed ``CSMResponsePages/maximumPages``; the errors of ``CSMClient/send(method:path:headers:body:)``.
        public mutating func next() async throws -> Page? {
            guard let current = nextPath else { return nil }
            nextPath = nil
            guard visited.insert(current).inserted else {
                throw CSMAuthError(
                    .unexpectedResponse, "the server's next page (\(current)) was already fetched: stopping")
            }
            guard visited.count <= pages.maximumPages else {
                throw CSMAuthError(.unexpectedResponse, "stopping after \(pages.maximumPages) pages")
            }
            let response: HTTPResponse
            do {
                response = try await pages.client.send(
                    method: pages.method, path: current, headers: pages.headers, body: pages.body)
            } catch let error as CSMAuthError where error.code == .invalidInput && current != pages.path {
                // The path came from the server's answer, not from the caller: a bad answer, not a usage error.
                throw CSMAuthError(
                    .unexpectedResponse, "the server's next page could not be asked for: \(error.message)")
            }
            if (200..<300).contains(response.status), pages.followsNextPages {
                switch CSMClient.pageStep(from: response.body, after: current) {
                case .next(let path): nextPath = path
                case .last: break
                case .unmarkedFullPage:
                    // Stopping is all that can be done; stopping quietly would pass a part for the whole.
                    pages.client.logger.warning(
                        "\(pages.method) \(current.printableLine) answered a full page that says neither where the next one is nor that it is the last: the list may be incomplete"
                    )
                }
            }
            return Page(path: current, response: response)
        }
    }
}

extension CSMClient {
    /// The answer to one request and, with `followingNextPages`, to every next page it links to;
    /// see ``CSMResponsePages``.
    /// - Parameters:
    ///   - method: the HTTP method, `GET` by default.
    ///   - path: the API path, as ``send(method:path:headers:body:)`` takes it.
    ///   - headers: extra headers, sent with every page.
    ///   - body: the body, sent with every page.
    ///   - followingNextPages: whether to fetch the next pages.
    ///   - maximumPages: the most pages fetched before the sequence throws.
    public func pages(
        method: String = "GET", path: String, headers: [HTTPHeader] = [], body: Data? = nil,
        followingNextPages: Bool = true,
        maximumPages: Int = CSMResponsePages.defaultMaximumPages
    ) -> CSMResponsePages {
        CSMResponsePages(
            client: self, method: method, path: path, headers: headers, body: body,
            followsNextPages: followingNextPages,
            maximumPages: maximumPages)
    }
}
