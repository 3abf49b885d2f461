import Foundation
import Testing

@testable import CSMAPI
@testable import CSMAuth

/// Inputs the fuzzers in Fuzz/ found, each kept as it was found, with the behaviour it broke.
@Suite struct FuzzRegressionTests {
    /// Whether `text` holds no control character or Unicode line separator.
    func isOnePrintableLine(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy {
            $0.properties.generalCategory != .control && $0 != "\u{2028}" && $0 != "\u{2029}"
        }
    }

    /// token-response: the server's `error` with an escaped line break was put into the message as is.
    @Test func tokenErrorCodeWithALineBreakStaysOneLine() {
        let body = #"{"error":"invalid_gra\nnt","error_description":"Unknown or invalid refresh token."}"#
        let error = TokenEndpoint.error(
            from: HTTPResponse(
                status: 400, headers: [HTTPHeader("Content-Type", "application/json")], body: Data(body.utf8)))
        #expect(isOnePrintableLine(error.message))
        #expect(error.code == .rejected)
    }

    /// api-body: a DEL (and so any terminal control byte) in the server's `error` reached the message.
    @Test func tokenErrorCodeWithAControlCharacterIsPrintable() {
        let body = Data(#"{"error":"invalilient au"#.utf8) + [0x7F] + Data(#"thenzication failenut failed"}"#.utf8)
        let error = TokenEndpoint.error(
            from: HTTPResponse(
                status: 400, headers: [HTTPHeader("Content-Type", "application/json; charset=utf-8")], body: body))
        #expect(isOnePrintableLine(error.message))
        #expect(error.oauthError.map(isOnePrintableLine) == true)
    }

    /// config-file: an invalid profile name was quoted with its control characters.
    @Test func invalidProfileNameIsQuotedPrintably() {
        let text =
            "# csm-auth profiles. Secrets are kept in the keyring# csm-auth profiles.s are kept in the keyring "
            + "(or the credentials files), never here.\n\n[d\u{18}fault]\nauth = oauth\nstorage = k (or the eyricredentials fingles)\ncl"
        let error = #expect(throws: CSMAuthError.self) { try ConfigFile.parse(text, path: "config") }
        #expect(error.map { isOnePrintableLine($0.message) } == true)
        #expect(error?.message.contains("config:3") == true)
    }

    /// config-file: `\r\n` inside a line read as part of a value, which the rewrite then broke in two.
    @Test func carriageReturnLineFeedEndsALineAndSurvivesARewrite() throws {
        let config = try ConfigFile.parse("[a]\nk = x\r\ny = z", path: "config")
        #expect(config.profiles["a"]?.otherKeys == ["k": "x", "y": "z"])
        #expect(try ConfigFile.parse(config.rendered(), path: "config") == config)
    }

    /// config-file seed: a file saved with Windows line ends was one long line, refused at line 1.
    @Test func fileWithWindowsLineEndsIsRead() throws {
        let text =
            "[sandbox]\r\nauth = oauth\r\nauth_url = http://127.0.0.1:9900\r\napi_url = http://127.0.0.1:9900\r\n"
        let config = try ConfigFile.parse(text, path: "config")
        #expect(config.profiles["sandbox"]?.authURL == "http://127.0.0.1:9900")
        #expect(config.profiles["sandbox"]?.apiURL == "http://127.0.0.1:9900")
    }

    /// api-body: the next page's path was percent-decoded, so an encoded `/` (or `?`, or a space)
    /// became a different path than the link named.
    @Test func nextPageKeepsThePathPercentEncoded() {
        let body =
            #"{"_links":{"next":"https://api.atlassian.com/jsm/csm/cloudid/c/api/v1/customer%2F7/organization?start=2"}}"#
        #expect(CSMClient.nextPagePath(from: Data(body.utf8)) == "/api/v1/customer%2F7/organization?start=2")
    }

    /// pasted-url: one byte that is not UTF-8 made URLComponents encode the whole query again, so
    /// `%2F` in the code came back undecoded: a code other than the one the query names.
    @Test func pastedURLWithACharacterAURLCannotHoldIsRefused() {
        let pasted = String(
            decoding: Array("https://localhost:8976/callback?code=eyJhbGciOiJIU".utf8) + [0xE5]
                + Array("acde=eerror=yJzI1NiJ9%2F.c2FtcGxl&state=fuzz-state-6Tq2\n".utf8), as: UTF8.self)
        let failure = #expect(throws: LoopbackReceiverError.self) {
            try AuthorizationResponse.code(
                fromPastedURL: pasted, callbackPath: "/callback", expectedState: "fuzz-state-6Tq2")
        }
        #expect(failure?.code == .malformedCallback)
    }

    /// pasted-url, as a request target: the same query on the listener's callback path.
    @Test func callbackQueryWithACharacterAURLCannotHoldIsMalformed() {
        let target = "/callback?code=eyJhbGciOiJIU\u{FFFD}acde=eerror=yJzI1NiJ9%2F.c2FtcGxl&state=fuzz-state-6Tq2"
        #expect(CallbackRoute(method: "GET", target: target, callbackPath: "/callback") == .callback(query: nil))
        #expect(
            CallbackRoute(method: "GET", target: "/callback?code=a%zz&state=s", callbackPath: "/callback")
                == .callback(query: nil))
    }

    /// The escapes of a well-formed query are still decoded once.
    @Test func callbackQueryEscapesAreDecodedOnce() throws {
        let route = CallbackRoute(
            method: "GET", target: "/callback?code=a%2Fb%252F&state=s%20t", callbackPath: "/callback")
        guard case .callback(let query?) = route else {
            Issue.record("not a readable callback: \(route)")
            return
        }
        #expect(try AuthorizationResponse.code(fromQuery: query, expectedState: "s t").reveal() == "a/b%2F")
    }

    /// site-responses: one entry listing a scope twice kept it twice after merging.
    @Test func mergedSitesListEachScopeOnce() throws {
        let body =
            #"[{"id":"1324a887-45db-1bf4-1e99-ef0ff456d421","name":"acme","url":"https://acme.atlassian.net","scopes":["write:servicedek-request","write:servicedek-request"],"avatarUrl":"https://site-admin-avatar-cdn.prod.public.ang"},{"id":"1325A887-45DB-4-1E99-EF0FF456D421","name":"acme","url":"https://acme.atlassian.net","scopes":["read:jira-work"]}]"#
        let sites = try SitesClient.resources(from: HTTPResponse(status: 200, body: Data(body.utf8)))
        #expect(sites.first?.scopes == ["write:servicedek-request"])
    }

    /// The fuzzer's original input had "]" in the cloudId: such a site is left out altogether,
    /// since a cloudId becomes a segment of every API path.
    @Test func siteWhoseCloudIDIsNotAnIDIsLeftOut() throws {
        let body =
            #"[{"id":"1324a887-45db]1bf4","name":"a","url":"https://a.atlassian.net","scopes":[]},{"id":"ok-1","name":"b","url":"https://b.atlassian.net","scopes":[]}]"#
        let sites = try SitesClient.resources(from: HTTPResponse(status: 200, body: Data(body.utf8)))
        #expect(sites.map(\.id) == ["ok-1"])
    }

    /// api-body: a link holding a character a URL cannot (here NUL) was encoded by URL(string:),
    /// which also encodes the link's own escapes again; such a link is no longer followed.
    @Test func nextPageLinkThatIsNotAValidURLIsNotFollowed() {
        let body =
            #"{"size":2,"start":0,"limit":2,"isLastPage":false,"values":[{"id":1},{"id":2}],"_links":{"self":"https://api.atlassian.com/jsm/csm/cloudid/abc/api/v1/organization?start=0","next":"https://api.atlassian.com/jsm/csm/cloudid/abc/api/v1/organization?\u00002&limit=2","base":"h?tps://api.atlassian.com"}}"#
        #expect(CSMClient.nextPagePath(from: Data(body.utf8)) == nil)
        let spaced = #"{"_links":{"next":"https://api.atlassian.com/jsm/csm/cloudid/c/api/v1/a b%2F?start=2"}}"#
        #expect(CSMClient.nextPagePath(from: Data(spaced.utf8)) == nil)
    }

    /// callback-request: `%A9` (a lone UTF-8 continuation byte) in one item of the query was read
    /// as U+FFFD by removingPercentEncoding, so the login succeeded on a query that is not UTF-8.
    @Test func callbackQueryWithAnEscapeThatIsNotUTF8IsMalformed() {
        let target =
            #"/callback?code=]erJhbQQQQQ&&&%52&&&&&&&&&&t&eh&%19rqAD&&&&t&eh&%25reque&&&&&&&&&&&h&te%20reque&&&&]&&&&&&&teeeeeee&&&&&&&&&&&&&&t&eh&%20rqeue&&&&&&&&&&&&&t&eh&%20rqAD&&&&t&eh&%20requhbQQQQQ&&&%26&&&&&&&&&&teee*eeeeeeeeeeeeeeeeeeeeeeee&&&&teee*eeee]erJhbQQQ0reque6&&&&&&&&&&&t&eh&%20rqAD&&&&t&eh&%25reque&&&&&&&&&&&&&&&&&&&&the%20requhbQQQQQ&&&%26&&&&&&&&&&t&eh&%19rxAD&&l&0r/callback?code=]erJhbQQQ0reque&&&&/callback&&&&&&&&t&eh&%20rqAD&&&&t&eh&%19rqAD&&l&0r/callback?c&eh&%19rqAD&&l&0r/callback?code=]erJhbQQQ0reque&&&&/callback&&&&&&&&t&eh&%20rqAD&&&&t&eh&%A9rqD&&1l&0r/callback?code=]erJhbQQQ0reque&&&&&&&&&&&&t&eh&%20rqAD&&&&t&eh&%25reque&&&&&&&&&&&&&&&&&&&&the%20reque&&&&&&&&&&&&&&t&eh&%20rqeue&&&&&&&iz40Rl&0r/callback?code=]erJhbQQQ0reque&&&&&&&&&&&&t&eh&%20rqAD&&&&t&eh&%25reque&&&&&]erJhbh&%20rqeue&&&&&&&iz40Rl&0r/callback%25reque&&&&&&&&&&&&&&&&&&&&the%20reque&&&&&&&&&&&&&&t&eh&%20rqeue&&&&&&&iz40Rl&0r/callback?code=]erJhbQQQ0reque&&&&&&&&&&&&t&eh&%20rqAD&&&&t&eh&%25reque&&&&&]erJhbh&%20rqeue&&&&&&&iz40Rl&0r/callback?code=]erJhbQQQ0reque6&&&&&&&&&&&t&eh&%20rqAD&&&&t&eh&%25reque&&&&&&&&&&&&&&&&&&&&the%20requhbQQQQQ&&&%26&&&&&&&&&&t&eh&%19rqAD&&l&&&%26&&&&&&&&&&t&eh&%19rqAD&&l&0r/callback?code=]erJQ0reque&&&&&&&&&&&/t&eh&%20rqAD&&&&t&eh&%25reque&&&&&&&&&&&&&&&&&&&&the%20reque&&&&&&&&&&&&&&t&eh&%20rqeue&&&&&&&iz40Rl&0r/callback?code=]erJhbQQQ0reque&&&&&&&hbQQQ0reque&&&&&&&&&&&&t&eh&%20rqAD&&&&t&eh&%25reque&&&&&&&&&&&h&te%20re/callback&&&&&the%20req0xl&state=fuzz-state-6Tq2"#
        #expect(CallbackRoute(method: "GET", target: target, callbackPath: "/callback") == .callback(query: nil))
    }

    /// pasted-url: the same with `%a9` in a pasted URL.
    @Test func pastedURLWithAnEscapeThatIsNotUTF8IsRefused() {
        let pasted =
            #"http://[::1]:8976/callback?state=fuzz%2Dstate-6Tq2&oD]:%3a=tst8Defu2&Usate=fuz;;+;;;;s;cod]:%3D8974/callb6/a9a7c;;;;;%a9a7cllback2F;cod]:%3D8974lba976/calackbl?staf=teuzz%2Dste=Character;;;;;;;;;;%2F;cod]:%3D8974/callb6/a9a7cllback?staf=teuzz%2Dsde=Chq2&coD]:%3a=tst8SequencDefu2&Usa=etuzf;;+;;;;s;cod]:%3D8974/callb6/a9a7c;;;;;%2F;cod]:%3D8974lba976/calackbl?staf=teuzz%2Dste=Charactcode=;;;%2F;;;;;;;;;%2F;cod]:%3D8974/callb6/a9a7cllback?staf=teuzz%2Dste=CharacterUnsafeBufa%2aracterUnsafeBufa%20b&code=2"#
        let failure = #expect(throws: LoopbackReceiverError.self) {
            try AuthorizationResponse.code(
                fromPastedURL: pasted, callbackPath: "/callback", expectedState: "fuzz-state-6Tq2")
        }
        #expect(failure?.code == .malformedCallback)
    }

    /// pasted-url: `#` followed by a combining mark (U+0334) is one Character, so the fragment was
    /// not cut off and a `state` and `code` inside it were read as the query.
    @Test func pastedURLWithACombiningMarkAfterTheFragmentMarkIsRefused() {
        let bytes: [UInt8] = [
            32, 32, 104, 116, 116, 112, 58, 47, 47, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48,
            48, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48, 49, 50, 58, 56, 57, 55, 54, 47, 99, 97, 108, 108, 98, 97, 99,
            107, 35, 204, 180, 97, 99, 99, 99, 97, 63, 100, 69, 39, 50, 38, 38, 87, 87, 87, 101, 38, 101, 91, 91, 38,
            37, 55, 53, 47, 107, 63, 67, 111, 42, 100, 101, 39, 50, 38, 38, 87, 87, 87, 101, 38, 101, 50, 70, 70, 108,
            98, 97, 99, 107, 63, 70, 48, 116, 93, 97, 38, 116, 91, 91, 91, 91, 91, 91, 91, 38, 37, 55, 54, 47, 107, 63,
            67, 111, 100, 101, 39, 50, 38, 38, 87, 87, 115, 116, 97, 116, 101, 61, 50, 70, 93, 38, 97, 38, 38, 50, 52,
            48, 38, 37, 50, 70, 70, 108, 98, 97, 99, 107, 63, 70, 116, 48, 93, 97, 38, 116, 91, 91, 91, 91, 91, 91, 91,
            38, 37, 55, 54, 47, 103, 91, 91, 91, 93, 58, 56, 57, 54, 97, 58, 38, 93, 38, 56, 57, 55, 50, 38, 87, 87, 87,
            38, 38, 38, 54, 84, 113, 50, 38, 101, 38, 101, 54, 84, 113, 50, 38, 87, 87, 87, 38, 38, 64, 38, 91, 91, 91,
            93, 58, 56, 57, 54, 97, 58, 38, 93, 38, 56, 57, 55, 115, 38, 97, 38, 94, 94, 94, 94, 94, 94, 94, 94, 94, 38,
            52, 56, 38, 48, 37, 50, 70, 70, 108, 91, 91, 91, 93, 58, 56, 57, 54, 97, 58, 38, 93, 38, 56, 57, 55, 50, 38,
            87, 87, 87, 38, 38, 38, 54, 84, 113, 50, 38, 101, 38, 101, 54, 84, 113, 50, 38, 116, 116, 116, 116, 116,
            116, 116, 116, 116, 116, 116, 116, 116, 116, 116, 116, 116, 116, 116, 116, 116, 116, 116, 116, 116, 116,
            116, 116, 116, 116, 116, 116, 116, 116, 116, 116, 116, 116, 116, 116, 116, 116, 116, 116, 116, 116, 116,
            116, 116, 116, 116, 87, 87, 87, 38, 38, 64, 38, 91, 91, 91, 93, 58, 56, 57, 54, 97, 58, 38, 93, 38, 56, 57,
            55, 115, 38, 97, 38, 94, 94, 94, 94, 94, 94, 94, 94, 94, 38, 52, 56, 38, 48, 37, 50, 70, 70, 108, 98, 97,
            99, 107, 63, 116, 70, 48, 93, 97, 38, 116, 91, 91, 91, 91, 91, 91, 91, 38, 97, 58, 38, 93, 38, 115, 116, 97,
            116, 101, 61, 102, 117, 122, 122, 45, 115, 116, 97, 116, 101, 45, 54, 84, 113, 50, 38, 101, 38, 101, 54, 84,
            113, 50, 38, 101, 38, 101, 54, 84, 113, 50, 38, 87, 87, 87, 38, 38, 38, 54, 84, 113, 50, 38, 101, 38, 101,
            54, 84, 113, 50, 38, 87, 87, 87, 38, 38, 38, 91, 91, 91, 93, 58, 56, 57, 54, 97, 58, 38, 93, 38, 56, 57, 55,
            115, 38, 97, 38, 94, 94, 94, 94, 94, 94, 94, 94, 94, 38, 52, 56, 38, 48, 37, 50, 70, 70, 108, 98, 97, 99,
            107, 63, 70, 48, 116, 93, 97, 38, 116, 91, 91, 91, 91, 91, 91, 91, 38, 37, 55, 54, 47, 107, 63, 67, 111,
            100, 101, 39, 50, 38, 38, 87, 87, 115, 116, 97, 116, 101, 61, 50, 70, 93, 38, 97, 38, 38, 50, 52, 48, 38,
            37, 50, 70, 70, 108, 98, 97, 99, 107, 63, 70, 116, 48, 93, 97, 38, 116, 91, 91, 91, 91, 91, 91, 91, 38, 37,
            55, 54, 47, 103, 91, 91, 91, 93, 58, 56, 57, 55, 97, 58, 38, 93, 38, 56, 57, 55, 50, 38, 87, 87, 87, 38, 38,
            38, 54, 84, 113, 50, 38, 101, 38, 101, 54, 84, 113, 50, 38, 87, 87, 87, 38, 38, 64, 38, 91, 91, 91, 93, 58,
            56, 57, 54, 97, 58, 38, 93, 38, 56, 57, 55, 115, 38, 97, 38, 94, 94, 94, 94, 94, 94, 94, 94, 94, 38, 52, 56,
            38, 48, 37, 50, 70, 70, 108, 98, 97, 99, 107, 63, 70, 48, 116, 93, 97, 38, 116, 91, 91, 91, 91, 91, 91, 91,
            38, 37, 55, 54, 47, 107, 63, 67, 111, 100, 101, 39, 50, 38, 38, 87, 87, 115, 116, 97, 116, 101, 61, 50, 70,
            93, 38, 97, 38, 38, 50, 52, 48, 38, 37, 50, 70, 70, 108, 98, 97, 99, 107, 63, 70, 116, 48, 93, 97, 38, 116,
            91, 91, 91, 91, 91, 91, 91, 38, 37, 55, 54, 47, 103, 91, 91, 91, 93, 58, 56, 57, 54, 97, 58, 38, 93, 115,
            38, 97, 38, 38, 50, 52, 48, 38, 37, 50, 70, 70, 108, 98, 97, 99, 107, 63, 70, 116, 48, 93, 97, 38, 116, 91,
            91, 91, 91, 91, 91, 91, 38, 37, 55, 54, 47, 107, 63, 67, 111, 100, 101, 39, 50, 38, 38, 87, 87, 87, 38, 101,
            50, 37, 50, 70, 93, 38, 97, 38, 38, 50, 52, 48, 38, 37, 50, 70, 70, 108, 106, 97, 99, 107, 63, 70, 116, 48,
            93, 97, 38, 116, 91, 91, 91, 91, 91, 91, 91, 38, 37, 55, 54, 47, 107, 63, 67, 111, 100, 101, 39, 50, 38, 38,
            87, 87, 87, 101, 38, 101, 50, 37, 50, 70, 93, 58, 52, 38, 37, 55, 54, 47, 107, 63, 67, 111, 100, 101, 39,
            50, 38, 38, 87, 87, 87, 101, 38, 101, 50, 93, 58, 52, 52, 56, 97, 58, 38, 93, 38, 38, 102, 117, 38, 99, 111,
            100, 101, 61, 48, 35, 95, 61, 95, 32, 32,
        ]
        let pasted = String(decoding: bytes, as: UTF8.self)
        let failure = #expect(throws: LoopbackReceiverError.self) {
            try AuthorizationResponse.code(
                fromPastedURL: pasted, callbackPath: "/callback", expectedState: "fuzz-state-6Tq2")
        }
        #expect(failure?.code == .malformedCallback)
    }
}
