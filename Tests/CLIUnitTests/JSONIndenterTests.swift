import FoundationEssentials
import Testing

@testable import csm_auth

/// `api`'s indentation of JSON bodies on a terminal: the document's own bytes, re-spaced.
struct JSONIndenterTests {
    func indented(_ text: String) -> String? {
        JSONIndenter.indented(Data(text.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func emptyContainersStayEmpty() {
        #expect(indented("{}") == "{}")
        #expect(indented("[]") == "[]")
        #expect(indented(#"{"a":[],"b":{}}"#) == "{\n  \"a\" : [],\n  \"b\" : {}\n}")
    }

    @Test func nestedValuesAreIndentedTwoSpacesPerLevel() {
        #expect(
            indented(#"{"a":[1,{"b":null}]}"#) == "{\n  \"a\" : [\n    1,\n    {\n      \"b\" : null\n    }\n  ]\n}")
    }

    @Test func stringsNumbersAndKeyOrderAreKeptAsSent() {
        let body = #"{"z":"a, b: {c}","y":12345678901234567890,"x":"\"\\/"}"#
        #expect(
            indented(body) == "{\n  \"z\" : \"a, b: {c}\",\n  \"y\" : 12345678901234567890,\n  \"x\" : \"\\\"\\\\/\"\n}"
        )
    }

    @Test func whatIsNotJSONIsLeftAlone() {
        #expect(indented("{") == nil)
        #expect(indented("not json") == nil)
        #expect(indented(#"{"a":1}}"#) == nil)
    }

    @Test func scalarsAtTheTopArePrintedAsTheyAre() {
        #expect(indented("42") == "42")
        #expect(indented(#""text""#) == #""text""#)
    }

    @Test func nestingAsDeepAsJSONDecoderAllowsIsIndented() {
        let deep = String(repeating: "[", count: 400) + String(repeating: "]", count: 400)
        let result = indented(deep)
        #expect(result?.hasPrefix("[\n  [\n    [") == true)
        #expect(result?.hasSuffix("]\n  ]\n]") == true)
    }

    @Test func nestingDeeperThanJSONDecoderAllowsIsLeftAlone() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(indented(deep) == nil)
    }
}
