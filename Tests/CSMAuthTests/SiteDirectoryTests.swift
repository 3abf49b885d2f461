import Testing

@testable import CSMAuth

@Suite struct SiteDirectoryTests {
    let acme = AccessibleResource(id: "C-1", name: "Acme Support", url: "https://acme.atlassian.net", scopes: ["a"])
    let globex = AccessibleResource(id: "c-2", name: "Globex", url: "https://globex.atlassian.net/", scopes: ["b"])

    @Test func duplicateIdsAreMergedWithTheirScopes() {
        let second = AccessibleResource(
            id: "c-1", name: "Acme Support", url: "https://acme.atlassian.net", scopes: ["a", "z"])
        let merged = SiteDirectory.merged([acme, globex, second])
        #expect(merged.map(\.id) == ["C-1", "c-2"])
        #expect(merged[0].scopes == ["a", "z"])
    }

    @Test func matchesByCloudIdURLHostOrNameIgnoringCase() throws {
        let sites = [acme, globex]
        #expect(try SiteDirectory.match("c-1", in: sites) == acme)
        #expect(try SiteDirectory.match("HTTPS://ACME.atlassian.net/", in: sites) == acme)
        #expect(try SiteDirectory.match("globex.atlassian.net", in: sites) == globex)
        #expect(try SiteDirectory.match("acme support", in: sites) == acme)
        #expect(try SiteDirectory.match("https://globex.atlassian.net", in: sites) == globex)
    }

    @Test func unknownSiteIsRejectedWithTheChoices() {
        let error = #expect(throws: CSMAuthError.self) { try SiteDirectory.match("initech", in: [acme, globex]) }
        #expect(error?.message.contains("Acme Support (https://acme.atlassian.net)") == true)
        #expect(error?.category == .failure)
    }

    @Test func ambiguousSiteIsRejected() {
        let twin = AccessibleResource(id: "c-3", name: "Acme Support", url: "https://acme-eu.atlassian.net")
        #expect(throws: CSMAuthError.self) { try SiteDirectory.match("Acme Support", in: [acme, twin]) }
    }
}
