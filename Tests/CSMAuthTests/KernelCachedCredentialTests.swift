import Foundation
import Testing

@testable import CSMAuth

/// The kernel cache's payload: written and read back exactly, and anything else ignored.
struct KernelCachedCredentialTests {
    let entry = KernelCachedCredential(
        scheme: .bearer, token: Secret("access-token"), authorization: Secret("Bearer access-token"),
        expiresAt: 1_900_000_000,
        cloudID: "11111111-2222-3333-4444-555555555555", apiURLSetting: nil, apiURLVariable: "http://127.0.0.1:8080",
        csmBaseURL: "http://127.0.0.1:8080/jsm/csm/cloudid/11111111-2222-3333-4444-555555555555/api/v1",
        configStamp: ConfigStamp(text: "1.2.3.4.5"))

    func payload(replacing old: String, with new: String) throws -> [UInt8] {
        let text = String(decoding: try #require(entry.payload()), as: UTF8.self)
        try #require(text.contains(old))
        return Array(text.replacingOccurrences(of: old, with: new).utf8)
    }

    @Test func payloadReadsBackAsTheSameEntry() throws {
        #expect(KernelCachedCredential(payload: try #require(entry.payload())) == entry)
    }

    @Test func basicEntryWithoutExpiryReadsBack() throws {
        let basic = KernelCachedCredential(
            scheme: .basic, token: Secret("api-token"), authorization: Secret("Basic YTpi"), expiresAt: nil,
            cloudID: nil,
            apiURLSetting: "https://api.example.net", apiURLVariable: nil, csmBaseURL: nil,
            configStamp: ConfigStamp(text: "none"))
        #expect(KernelCachedCredential(payload: try #require(basic.payload())) == basic)
    }

    @Test func anotherVersionIsIgnored() throws {
        #expect(
            KernelCachedCredential(
                payload: try payload(replacing: "csm-auth-kernel-cache 2", with: "csm-auth-kernel-cache 1")) == nil)
    }

    @Test func anUnknownFieldIsIgnored() throws {
        #expect(
            KernelCachedCredential(payload: try payload(replacing: "scheme=", with: "refresh=secret\nscheme=")) == nil)
    }

    @Test func aRepeatedFieldIsIgnored() throws {
        #expect(
            KernelCachedCredential(
                payload: try payload(replacing: "token=access-token\n", with: "token=access-token\ntoken=other\n"))
                == nil)
    }

    @Test func aMissingTokenIsIgnored() throws {
        #expect(KernelCachedCredential(payload: try payload(replacing: "token=access-token\n", with: "")) == nil)
    }

    @Test func aBearerTokenWithoutExpiryIsIgnored() throws {
        #expect(KernelCachedCredential(payload: try payload(replacing: "expires=1900000000\n", with: "")) == nil)
    }

    @Test func anExpiryThatIsNotANumberIsIgnored() throws {
        #expect(
            KernelCachedCredential(payload: try payload(replacing: "expires=1900000000", with: "expires=soon")) == nil)
    }

    @Test func aCloudIDThatIsNotAnIDIsIgnored() throws {
        #expect(
            KernelCachedCredential(payload: try payload(replacing: "cloud=11111111", with: "cloud=../11111111")) == nil)
    }

    @Test func aPayloadWithoutItsLastLineBreakIsIgnored() throws {
        #expect(KernelCachedCredential(payload: Array(try #require(entry.payload()).dropLast())) == nil)
    }

    @Test func invalidUTF8IsIgnored() throws {
        var bytes = try #require(entry.payload())
        bytes.insert(0xFF, at: bytes.count - 2)
        #expect(KernelCachedCredential(payload: bytes) == nil)
    }

    @Test func aCarriageReturnInAValueIsIgnored() throws {
        #expect(
            KernelCachedCredential(payload: try payload(replacing: "stamp=1.2.3.4.5", with: "stamp=1.2\r.3.4.5")) == nil
        )
    }

    @Test func aNULInAValueIsIgnored() throws {
        #expect(
            KernelCachedCredential(payload: try payload(replacing: "stamp=1.2.3.4.5", with: "stamp=1.2\u{0}.3.4.5"))
                == nil)
    }

    @Test func anEscapeSequenceInAValueIsIgnored() throws {
        #expect(
            KernelCachedCredential(payload: try payload(replacing: "stamp=1.2.3.4.5", with: "stamp=\u{1B}]0;x\u{7}"))
                == nil)
    }

    @Test func aHeaderValueThatIsNotTheTokensIsIgnored() throws {
        #expect(
            KernelCachedCredential(
                payload: try payload(replacing: "authorization=Bearer access-token", with: "authorization=Bearer other")
            ) == nil)
    }

    @Test func aSignedExpiryIsIgnored() throws {
        #expect(
            KernelCachedCredential(payload: try payload(replacing: "expires=1900000000", with: "expires=+1900000000"))
                == nil)
    }

    @Test func aBaseURLThatPointsElsewhereIsIgnored() throws {
        #expect(
            KernelCachedCredential(
                payload: try payload(replacing: "base=http://127.0.0.1:8080/", with: "base=https://evil.example/"))
                == nil)
    }

    @Test func aBaseURLForAnotherCloudIDIsIgnored() throws {
        #expect(
            KernelCachedCredential(
                payload: try payload(
                    replacing: "cloud=11111111-2222-3333-4444-555555555555",
                    with: "cloud=99999999-2222-3333-4444-555555555555"))
                == nil)
    }

    @Test func kernelCacheSettingIsTrimmed() {
        let paths = CSMAuthPaths(
            configFolder: "/nonexistent/config", dataFolder: "/nonexistent/data", lockFolder: "/nonexistent/lock")
        #expect(KernelCredentialCache(profile: "p", paths: paths, setting: " 0\n")?.isEnabled == false)
        #expect(KernelCredentialCache(profile: "p", paths: paths, setting: "OFF")?.isEnabled == false)
        #expect(KernelCredentialCache(profile: "p", paths: paths, setting: "1")?.isEnabled == true)
        #expect(KernelCredentialCache(profile: "p", paths: paths, setting: nil)?.isEnabled == true)
    }

    @Test func aValueWithALineBreakIsNeverWritten() {
        var broken = entry
        broken.csmBaseURL = "http://127.0.0.1/\nstamp=forged"
        #expect(broken.payload() == nil)
    }

    /// Invisible characters make a value read other than it is, on a terminal or in a log: a
    /// right-to-left override, bidi marks and isolates, zero-width characters, a BOM, a soft hyphen,
    /// a Hangul filler, a variation selector, line and paragraph separators.
    @Test(arguments: [
        "\u{202E}", "\u{202A}", "\u{200E}", "\u{200F}", "\u{2066}", "\u{2069}", "\u{061C}", "\u{200B}",
        "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{00AD}", "\u{3164}", "\u{FE0F}", "\u{2028}",
        "\u{2029}", "\u{85}",
    ])
    func anInvisibleCharacterInAValueIsIgnored(_ character: String) throws {
        #expect(
            KernelCachedCredential(
                payload: try payload(replacing: "token=access-token", with: "token=access\(character)-token"))
                == nil)
        #expect(
            KernelCachedCredential(
                payload: try payload(replacing: "stamp=1.2.3.4.5", with: "stamp=1.2.3\(character).4.5"))
                == nil)
    }

    /// A token is printable ASCII wherever it comes from (`TokenText`), visible letters beyond
    /// ASCII included: a cached one that is not is never handed out.
    @Test func aTokenBeyondASCIIIsIgnored() throws {
        var named = entry
        named.token = Secret("tökén-✓")
        named.authorization = Secret("Bearer tökén-✓")
        #expect(KernelCachedCredential(payload: try #require(named.payload())) == nil)
    }

    /// The URLs of an entry pass the rule of the settings' URLs (https, or http to a loopback host).
    @Test(arguments: [
        "http://evil.example", "ftp://127.0.0.1", "http://user@127.0.0.1", "https://evil.example@127.0.0.1",
        "http://127.0.0.1.evil.example", "https://api.example.net?x=1", "https://api.example.net#x",
        "https://api.example.net\\@evil", "https://api exa", "https://%61pi.example.net", "https://",
        "api.example.net",
    ])
    func anEntryWithAnAPIURLTheSettingsCouldNotNameIsIgnored(_ url: String) throws {
        let cloud = "11111111-2222-3333-4444-555555555555"
        var hostile = entry
        hostile.apiURLVariable = url
        hostile.csmBaseURL = KernelCachedCredential.expectedBaseURL(url, cloudID: cloud)
        #expect(KernelCachedCredential(payload: try #require(hostile.payload())) == nil)
        var setting = entry
        setting.apiURLVariable = nil
        setting.apiURLSetting = url
        setting.csmBaseURL = KernelCachedCredential.expectedBaseURL(url, cloudID: cloud)
        #expect(KernelCachedCredential(payload: try #require(setting.payload())) == nil)
    }

    @Test(arguments: [
        "https://api.atlassian.com", "https://api.example.net:8443/prefix/", "http://localhost:8080",
        "http://[::1]:9", "HTTPS://API.EXAMPLE.NET", "http://127.0.0.2",
    ])
    func anEntryWithAnAcceptableAPIURLReadsBack(_ url: String) throws {
        var other = entry
        other.apiURLVariable = url
        other.csmBaseURL = KernelCachedCredential.expectedBaseURL(url, cloudID: "11111111-2222-3333-4444-555555555555")
        #expect(KernelCachedCredential(payload: try #require(other.payload())) == other)
    }

    @Test func validityCountsTheMinimumFromNow() {
        #expect(entry.isValid(minimumValidity: 60, now: 1_900_000_000 - 61))
        #expect(!entry.isValid(minimumValidity: 60, now: 1_900_000_000 - 60))
    }
}
