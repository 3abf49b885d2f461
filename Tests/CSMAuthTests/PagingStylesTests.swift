import Foundation
import Testing

@testable import CSMAPI
@testable import CSMAuth

/// The next page of each paging style the CSM API uses, from the answer and the current path.
@Suite struct PagingStylesTests {
    func next(_ body: String, after path: String?) -> String? {
        CSMClient.nextPagePath(from: Data(body.utf8), after: path)
    }

    @Test func aCursorIsSetInThePathAsked() {
        #expect(
            next(#"{"results":[{"id":"1"}],"nextPageCursor":"b2Zm/+="}"#, after: "product?limit=2")
                == "product?limit=2&cursor=b2Zm%2F%2B%3D")
        #expect(
            next(#"{"results":[{"id":"1"}],"nextPageCursor":"xyz"}"#, after: "product?cursor=abc&limit=2")
                == "product?cursor=xyz&limit=2")
    }

    @Test func noCursorIsTheLastPage() {
        #expect(next(#"{"results":[{"id":"1"}]}"#, after: "product") == nil)
        #expect(next(#"{"results":[{"id":"1"}],"nextPageCursor":""}"#, after: "product") == nil)
    }

    @Test func startMovesPastThisPagesItems() {
        let page = #"{"results":[1,2,3],"start":6,"limit":3,"isLastPage":false}"#
        #expect(
            next(page, after: "entitlements?entityType=CUSTOMER&start=6") == "entitlements?entityType=CUSTOMER&start=9")
    }

    @Test func startAtMovesPastThisPagesItems() {
        let page = #"{"values":[1,2],"startAt":0,"limit":2,"isLastPage":false}"#
        #expect(next(page, after: "helpcenter/1/access/organization") == "helpcenter/1/access/organization?startAt=2")
    }

    @Test func pageIsOneHigher() {
        let page = #"{"results":[1],"page":3,"maxResults":1,"total":9,"isLastPage":false}"#
        #expect(
            next(page, after: "customer/search-by-detail-field?page=3&maxResults=1")
                == "customer/search-by-detail-field?page=4&maxResults=1")
    }

    @Test func theLastPageHasNoNext() {
        #expect(next(#"{"results":[1],"start":0,"isLastPage":true}"#, after: "entitlements") == nil)
        #expect(next(#"{"results":[1],"page":1,"isLastPage":true}"#, after: "x") == nil)
    }

    @Test func anEmptyPageNeverLeadsToAnother() {
        #expect(next(#"{"results":[],"start":0,"isLastPage":false}"#, after: "entitlements") == nil)
        #expect(next(#"{"results":[],"nextPageCursor":"abc"}"#, after: "product") == nil)
    }

    @Test func withoutIsLastPageAnOffsetIsNotFollowed() {
        // Only a page that says it is not the last one leads to the next offset.
        #expect(next(#"{"results":[1],"start":0}"#, after: "entitlements") == nil)
    }

    func step(_ body: String, after path: String?) -> CSMClient.PageStep {
        CSMClient.pageStep(from: Data(body.utf8), after: path)
    }

    @Test func aFullPageOfStartLimitAndSizeLeadsToTheNextOffset() {
        #expect(next(#"{"values":[1,2],"start":4,"limit":2,"size":2}"#, after: "e?start=4") == "e?start=6")
        #expect(next(#"{"size":2,"start":0,"limit":2}"#, after: "e") == "e?start=2")
        #expect(next(#"{"values":[1],"start":4,"limit":2,"size":1}"#, after: "e?start=4") == nil)
    }

    @Test func aFullPageOfStartAtAndMaxResultsLeadsToTheNextOffset() {
        #expect(next(#"{"values":[1,2],"startAt":0,"maxResults":2}"#, after: "h") == "h?startAt=2")
        #expect(next(#"{"results":[1,2],"page":1,"maxResults":2}"#, after: "s?page=1") == "s?page=2")
    }

    @Test func theTotalSaysWhetherMoreFollow() {
        #expect(next(#"{"values":[1,2],"startAt":0,"maxResults":5,"total":5}"#, after: "h") == "h?startAt=2")
        #expect(next(#"{"values":[1,2],"startAt":3,"maxResults":2,"total":5}"#, after: "h") == nil)
    }

    @Test func theRequestedLimitTellsAFullPageWhenTheAnswerDoesNot() {
        #expect(next(#"{"values":[1,2],"start":0}"#, after: "e?limit=2") == "e?limit=2&start=2")
    }

    @Test func aFullPageWithoutAnyMarkerIsFlagged() {
        #expect(step(#"{"results":[1,2],"limit":2}"#, after: "organization") == .unmarkedFullPage)
        #expect(step(#"{"results":[1,2]}"#, after: "organization?limit=2") == .unmarkedFullPage)
        #expect(step(#"{"results":[1],"isLastPage":false}"#, after: "organization") == .unmarkedFullPage)
    }

    @Test func aWholeListOrAShortPageIsNotFlagged() {
        #expect(step(#"{"results":[1,2]}"#, after: "customer/details") == .last)
        #expect(step(#"{"results":[1],"limit":2}"#, after: "organization") == .last)
        #expect(step(#"{"results":[1,2],"limit":2}"#, after: "product?cursor=abc") == .last)
    }

    @Test func offsetsThatAreNotSmallWholeNumbersAreIgnored() {
        #expect(next(#"{"results":[1],"start":-1,"isLastPage":false}"#, after: "e") == nil)
        #expect(next(#"{"results":[1],"start":9223372036854775807,"isLastPage":false}"#, after: "e") == nil)
        #expect(next(#"{"results":[1],"start":"5","isLastPage":false}"#, after: "e") == nil)
        #expect(next(#"{"results":[1],"page":1.5,"isLastPage":false}"#, after: "e") == nil)
    }

    @Test func withoutTheCurrentPathOnlyANextLinkIsFollowed() {
        #expect(next(#"{"results":[1],"nextPageCursor":"abc"}"#, after: nil) == nil)
        #expect(
            next(
                #"{"values":[1],"isLastPage":false,"_links":{"next":"https://x.example/api/v1/organization?start=1"}}"#,
                after: nil)
                == "/api/v1/organization?start=1")
    }

    @Test func aBodyThatIsNotAPageHasNoNext() {
        #expect(next("[1,2,3]", after: "x") == nil)
        #expect(next("not json", after: "x") == nil)
        #expect(next("", after: "x") == nil)
    }

    @Test func settingAQueryItemReplacesEveryRepeatOfIt() {
        #expect(PathQuery("a?start=1&x=2&start=3").setting("start", to: "9").path == "a?start=9&x=2")
        #expect(PathQuery("a").setting("page", to: "2").path == "a?page=2")
        #expect(PathQuery("a?").setting("page", to: "2").path == "a?page=2")
        #expect(PathQuery("a?startAt=1").setting("start", to: "5").path == "a?startAt=1&start=5")
    }

    /// An empty page with a `_links.next` led to it: a server linking empty page to empty page
    /// kept a typed list asking forever, never yielding an item its caller could stop at.
    @Test func anEmptyPageWithANextLinkEndsTheList() async throws {
        #expect(
            CSMClient.nextPagePath(
                from: Data(#"{"values":[],"_links":{"next":"https://x.example/api/v1/organization?start=1"}}"#.utf8))
                == nil)
        #expect(
            CSMClient.nextPagePath(
                from: Data(#"{"results":[],"isLastPage":false,"_links":{"next":"/api/v1/o?start=1"}}"#.utf8), after: "o"
            )
                == nil)
        // A page whose items are under another name still follows its link.
        #expect(
            CSMClient.nextPagePath(from: Data(#"{"_links":{"next":"https://x.example/api/v1/o?start=1"}}"#.utf8))
                == "/api/v1/o?start=1")

        var pages: [String: (Int, String)] = [:]
        for start in 0..<50 {
            pages["/api/v1/product" + (start == 0 ? "" : "?start=\(start)")] =
                (200, #"{"values":[],"_links":{"next":"https://x.example/api/v1/product?start=\#(start + 1)"}}"#)
        }
        let scripted = ScriptedAPI(pages)
        let api = scripted.api()
        let list: CSMList<CSMListTests.Item> = api.list("GET", "product", scope: .readProduct)
        #expect(try await list.collect().isEmpty)
        #expect(scripted.paths == ["/api/v1/product"])
    }
}

/// The next page of Jira's and JSM's paging styles, for paths through the gateway.
@Suite struct ProductPagingStylesTests {
    func next(_ body: String, after path: String?) -> String? {
        CSMClient.nextPagePath(from: Data(body.utf8), after: path)
    }

    @Test func jirasStartAtMovesOnUntilTheTotal() {
        let path = "/ex/jira/c1/rest/api/3/users/search?maxResults=2"
        #expect(
            next(#"{"values":[1,2],"startAt":0,"maxResults":2,"total":5}"#, after: path)
                == "/ex/jira/c1/rest/api/3/users/search?maxResults=2&startAt=2")
        #expect(next(#"{"values":[1],"startAt":4,"maxResults":2,"total":5}"#, after: path) == nil)
    }

    @Test func jirasIssuesAreCountedForStartAt() {
        #expect(
            next(#"{"issues":[{},{}],"startAt":2,"maxResults":2,"total":9}"#, after: "/ex/jira/c1/rest/api/3/search")
                == "/ex/jira/c1/rest/api/3/search?startAt=4")
    }

    @Test func jirasIsLastEndsTheList() {
        let path = "/ex/jira/c1/rest/api/3/project/search"
        #expect(next(#"{"values":[1],"startAt":0,"maxResults":1,"total":9,"isLast":true}"#, after: path) == nil)
        #expect(
            next(#"{"values":[1],"startAt":0,"maxResults":1,"isLast":false}"#, after: path)
                == "/ex/jira/c1/rest/api/3/project/search?startAt=1")
    }

    @Test func aJSMNextLinkKeepsThePagesGatewayPrefix() {
        let page = #"""
            {"size":1,"start":0,"limit":1,"isLastPage":false,"values":[{}],
             "_links":{"base":"https://acme.atlassian.net","next":"https://acme.atlassian.net/rest/servicedeskapi/servicedesk?start=1&limit=1"}}
            """#
        #expect(
            next(page, after: "/ex/jira/c1/rest/servicedeskapi/servicedesk?limit=1")
                == "/ex/jira/c1/rest/servicedeskapi/servicedesk?start=1&limit=1")
    }

    @Test func aJSMNextLinkAfterAFullURLKeepsItsGatewayPrefix() {
        let page = #"""
            {"size":1,"start":0,"limit":1,"isLastPage":false,"values":[{}],
             "_links":{"base":"https://acme.atlassian.net","next":"https://acme.atlassian.net/rest/servicedeskapi/request?start=1"}}
            """#
        #expect(
            next(page, after: "https://api.atlassian.com/ex/jira/c1/rest/servicedeskapi/request")
                == "https://api.atlassian.com/ex/jira/c1/rest/servicedeskapi/request?start=1")
    }

    @Test func aNextLinkThatCannotBeFollowedIsNoQuietEnd() {
        // A CSM page whose next link has no `/api/` part: there is more, and nothing to ask it with.
        let page = #"{"isLastPage":false,"values":[{}],"_links":{"next":"https://acme.example/elsewhere?start=1"}}"#
        #expect(
            CSMClient.pageStep(from: Data(page.utf8), after: "/api/v1/organization") == .unmarkedFullPage)
    }

    @Test func jsmsStartMovesOnWithoutANextLink() {
        #expect(
            next(
                #"{"size":2,"start":2,"limit":2,"isLastPage":false,"values":[1,2]}"#,
                after: "/ex/jira/c1/rest/servicedeskapi/request")
                == "/ex/jira/c1/rest/servicedeskapi/request?start=4")
        #expect(
            next(
                #"{"size":1,"start":4,"limit":2,"isLastPage":true,"values":[1]}"#,
                after: "/ex/jira/c1/rest/servicedeskapi/request") == nil)
    }
}
