import Foundation
import Testing

@testable import CSMAuth

/// The plain-Swift stand-ins for NSString's trimming and path methods give Foundation's answers.
struct PlainTextTests {
    static let texts = [
        "", " ", "\t a b \t", "\u{00A0}x\u{2003}", "\n x \r\n", " \u{301}x", "x \u{301}", "\u{2028}y\u{85}",
        "\u{FEFF}z", "é",
    ]

    @Test(arguments: texts) func trimmingWhitespaceMatchesFoundation(_ text: String) {
        #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces))
    }

    @Test(arguments: texts) func trimmingWhitespaceAndNewlinesMatchesFoundation(_ text: String) {
        #expect(text.trimmingWhitespaceAndNewlines() == text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    // Not "" nor "a": corelibs Foundation traps on a path without a slash (csm-auth only has absolute paths).
    static let paths = ["/a/b", "/a/b/", "/a", "/", "a/b", "/tmp//x/config", "//a//b//"]

    @Test(arguments: paths) func folderMatchesFoundation(_ path: String) {
        #expect(PathText.folder(of: path) == (path as NSString).deletingLastPathComponent)
    }

    @Test(arguments: paths) func lastComponentMatchesFoundation(_ path: String) {
        #expect(PathText.lastComponent(of: path) == (path as NSString).lastPathComponent)
    }

    @Test func shellQuotingEscapesAQuoteFollowedByACombiningMark() {
        let quoted = CredentialVariables.singleQuoted("a'\u{301}b")
        #expect(quoted == "'a'\\''\u{301}b'")
    }
}
