import Foundation
import Testing

@testable import CSMAPI
@testable import CSMAuth

/// Paging through `_links.next`, one page per `next()`, with a scripted server (the sandbox has
/// no paged list yet).
@Suite struct CSMResponsePagesTests {
    static func page(next: String?) -> String {
        next.map {
            #"{"isLastPage":false,"values":[1],"_links":{"next":"https://api.example/jsm/csm/cloudid/c1\#($0)"}}"#
        }
            ?? #"{"isLastPage":true,"values":[3]}"#
    }

    @Test func followsNextLinksOnePageAtATime() async throws {
        let api = ScriptedAPI([
            "/api/v1/organization": (200, Self.page(next: "/api/v1/organization?start=1")),
            "/api/v1/organization?start=1": (200, Self.page(next: "/api/v1/organization?start=2")),
            "/api/v1/organization?start=2": (200, Self.page(next: nil)),
        ])
        var iterator = api.client().pages(path: "organization").makeAsyncIterator()
        let first = try await iterator.next()
        #expect(first?.path == "organization")
        #expect(api.paths == ["/api/v1/organization"])  // nothing fetched ahead
        var paths = [first?.path]
        while let page = try await iterator.next() { paths.append(page.path) }
        #expect(paths == ["organization", "/api/v1/organization?start=1", "/api/v1/organization?start=2"])
        #expect(api.paths.count == 3)
    }

    @Test func aNextLinkTheClientRefusesIsABadAnswerNotAUsageError() async throws {
        let api = ScriptedAPI([
            "/api/v1/organization": (200, Self.page(next: "https://acme.example/api/v1/../../../me?start=1"))
        ])
        var iterator = api.client().pages(path: "organization").makeAsyncIterator()
        _ = try await iterator.next()
        let error = await #expect(throws: CSMAuthError.self) { _ = try await iterator.next() }
        #expect(error?.code == .unexpectedResponse)
        #expect(api.paths == ["/api/v1/organization"])
    }

    @Test func aFullPageWithoutAMarkerEndsTheListWithOneWarning() async throws {
        let api = ScriptedAPI(["/api/v1/organization?limit=2": (200, #"{"results":[1,2],"limit":2}"#)])
        var client = api.client()
        let (logger, messages) = CapturingLogHandler.logger()
        client.logger = logger
        var count = 0
        for try await _ in client.pages(path: "organization?limit=2") { count += 1 }
        #expect(count == 1)
        let warnings = messages.all.filter { $0.hasPrefix("warning") }
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("may be incomplete") == true)
    }

    @Test func aShortOrMarkedLastPageEndsTheListQuietly() async throws {
        let api = ScriptedAPI([
            "/api/v1/organization?limit=2": (200, #"{"results":[1],"limit":2}"#),
            "/api/v1/product?cursor=abc": (200, #"{"results":[1,2],"limit":2}"#),
            "/api/v1/entitlements": (200, #"{"values":[1,2],"start":0,"limit":2,"isLastPage":true}"#),
        ])
        var client = api.client()
        let (logger, messages) = CapturingLogHandler.logger()
        client.logger = logger
        for path in ["organization?limit=2", "product?cursor=abc", "entitlements"] {
            for try await _ in client.pages(path: path) {}
        }
        #expect(api.paths.count == 3)
        #expect(messages.all.filter { $0.hasPrefix("warning") }.isEmpty)
    }

    @Test func startLimitAndSizePageThroughAListWithoutIsLastPage() async throws {
        let api = ScriptedAPI([
            "/api/v1/entitlements": (200, #"{"values":[{"id":"1"},{"id":"2"}],"start":0,"limit":2,"size":2}"#),
            "/api/v1/entitlements?start=2": (200, #"{"values":[{"id":"3"}],"start":2,"limit":2,"size":1}"#),
        ])
        var paths: [String] = []
        for try await page in api.client().pages(path: "entitlements") { paths.append(page.path) }
        #expect(paths == ["entitlements", "entitlements?start=2"])
    }

    @Test func withoutFollowingOnlyTheFirstPageIsFetched() async throws {
        let api = ScriptedAPI(["/api/v1/organization": (200, Self.page(next: "/api/v1/organization?start=1"))])
        var count = 0
        for try await _ in api.client().pages(path: "organization", followingNextPages: false) { count += 1 }
        #expect(count == 1)
        #expect(api.paths == ["/api/v1/organization"])
    }

    @Test func anErrorAnswerIsYieldedAndEndsTheSequence() async throws {
        let api = ScriptedAPI(["/api/v1/organization": (200, Self.page(next: "/api/v1/organization?start=1"))])
        var statuses: [Int] = []
        for try await page in api.client().pages(path: "organization") { statuses.append(page.response.status) }
        #expect(statuses == [200, 404])
    }

    @Test func aLoopingNextLinkThrows() async throws {
        let api = ScriptedAPI([
            "/api/v1/organization": (200, Self.page(next: "/api/v1/organization?start=1")),
            "/api/v1/organization?start=1": (200, Self.page(next: "/api/v1/organization?start=1")),
        ])
        let error = await #expect(throws: CSMAuthError.self) {
            for try await _ in api.client().pages(path: "organization") {}
        }
        #expect(error?.code == .unexpectedResponse)
        #expect(error?.message.contains("already fetched") == true)
        #expect(api.paths.count == 2)
    }

    @Test func morePagesThanAllowedThrows() async throws {
        let api = ScriptedAPI([
            "/api/v1/organization": (200, Self.page(next: "/api/v1/organization?start=1")),
            "/api/v1/organization?start=1": (200, Self.page(next: "/api/v1/organization?start=2")),
            "/api/v1/organization?start=2": (200, Self.page(next: nil)),
        ])
        let error = await #expect(throws: CSMAuthError.self) {
            for try await _ in api.client().pages(path: "organization", maximumPages: 2) {}
        }
        #expect(error?.message == "stopping after 2 pages")
        #expect(api.paths.count == 2)
    }
}
