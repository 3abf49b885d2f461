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

    @Test func validityCountsTheMinimumFromNow() {
        #expect(entry.isValid(minimumValidity: 60, now: 1_900_000_000 - 61))
        #expect(!entry.isValid(minimumValidity: 60, now: 1_900_000_000 - 60))
    }
}
