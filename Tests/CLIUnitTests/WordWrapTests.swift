import Testing

@testable import csm_auth

/// `status` lays a login's scopes out in lines no wider than 100 columns, each scope whole.
struct WordWrapTests {
    @Test func shortListsStayOnOneLine() {
        #expect(WordWrap.lines(["a", "b"], prefix: "  scopes: ") == ["  scopes: a b"])
    }

    @Test func longListsBreakBetweenWordsWithTheContinuationIndented() {
        let words = (1...30).map { "read:thing\($0):jira-service-management" }
        let lines = WordWrap.lines(words, prefix: "  scopes: ")
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.count <= 100 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("          ") && !$0.hasPrefix("           ") })
        #expect(lines.joined(separator: " ").split(separator: " ").dropFirst().map(String.init) == words)
    }

    @Test func aWordWiderThanTheLineGetsALineOfItsOwnUncut() {
        let long = String(repeating: "x", count: 150)
        let lines = WordWrap.lines(["a", long, "b"], prefix: "p: ", width: 20)
        #expect(lines == ["p: a", "   " + long, "   b"])
    }

    @Test func noWordsLeaveThePrefix() {
        #expect(WordWrap.lines([], prefix: "p: ") == ["p: "])
    }
}
