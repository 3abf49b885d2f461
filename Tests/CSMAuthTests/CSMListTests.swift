import Foundation
import Testing

@testable import CSMAPI
@testable import CSMAuth

/// The typed paged list: items one at a time, a page fetched only when the previous one is used up.
@Suite struct CSMListTests {
    struct Item: Decodable, Sendable, Equatable {
        var id: String
    }

    func list(_ scripted: ScriptedAPI, experimental: Bool = false) -> CSMList<Item> {
        scripted.api().list("GET", "product", scope: .readProduct, experimental: experimental)
    }

    @Test func itemsComeOnePageAtATime() async throws {
        let scripted = ScriptedAPI([
            "/api/v1/product": (200, #"{"results":[{"id":"1"},{"id":"2"}],"nextPageCursor":"c2"}"#),
            "/api/v1/product?cursor=c2": (200, #"{"results":[{"id":"3"}]}"#),
        ])
        var iterator = list(scripted).makeAsyncIterator()
        #expect(try await iterator.next() == Item(id: "1"))
        #expect(try await iterator.next() == Item(id: "2"))
        #expect(scripted.paths == ["/api/v1/product"])  // the second page is not fetched ahead
        #expect(try await iterator.next() == Item(id: "3"))
        #expect(try await iterator.next() == nil)
        #expect(scripted.paths == ["/api/v1/product", "/api/v1/product?cursor=c2"])
    }

    @Test func valuesAreItemsToo() async throws {
        let scripted = ScriptedAPI(["/api/v1/product": (200, #"{"values":[{"id":"1"}],"isLastPage":true}"#)])
        #expect(try await list(scripted).collect() == [Item(id: "1")])
    }

    @Test func anErrorAnswerThrowsTheAPIError() async throws {
        let scripted = ScriptedAPI([
            "/api/v1/product": (200, #"{"results":[{"id":"1"}],"nextPageCursor":"c2"}"#),
            "/api/v1/product?cursor=c2": (403, #"{"errorMessage":"no"}"#),
        ])
        var seen: [Item] = []
        let error = await #expect(throws: CSMAPIError.self) {
            for try await item in list(scripted) { seen.append(item) }
        }
        #expect(seen == [Item(id: "1")])
        #expect(error?.status == 403)
        #expect(error?.request == "GET product?cursor=c2")
    }

    @Test func aPageThatIsNotAListThrows() async throws {
        let scripted = ScriptedAPI(["/api/v1/product": (200, #"{"results":{"id":"1"}}"#)])
        let error = await #expect(throws: CSMAuthError.self) { _ = try await list(scripted).collect() }
        #expect(error?.code == .unexpectedResponse)
    }

    @Test func aCursorThatComesBackThrows() async throws {
        let scripted = ScriptedAPI([
            "/api/v1/product": (200, #"{"results":[{"id":"1"}],"nextPageCursor":"c2"}"#),
            "/api/v1/product?cursor=c2": (200, #"{"results":[{"id":"2"}],"nextPageCursor":"c2"}"#),
        ])
        let error = await #expect(throws: CSMAuthError.self) { _ = try await list(scripted).collect() }
        #expect(error?.message.contains("already fetched") == true)
        #expect(scripted.paths.count == 2)
    }

    @Test func anExperimentalListOptsInOnEveryPage() async throws {
        let scripted = ScriptedAPI([
            "/api/v1/product": (200, #"{"results":[{"id":"1"}],"nextPageCursor":"c2"}"#),
            "/api/v1/product?cursor=c2": (200, #"{"results":[{"id":"2"}]}"#),
        ])
        _ = try await list(scripted, experimental: true).collect()
        #expect(scripted.sentHeaders.count == 2)
        for headers in scripted.sentHeaders {
            #expect(headers.contains { $0.name == "X-ExperimentalApi" && $0.value == "opt-in" })
        }
        let plain = ScriptedAPI(["/api/v1/product": (200, #"{"results":[]}"#)])
        _ = try await list(plain).collect()
        #expect(plain.sentHeaders.first?.contains { $0.name == "X-ExperimentalApi" } == false)
    }
}
