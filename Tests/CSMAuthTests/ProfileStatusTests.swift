import Foundation
import Testing

@testable import CSMAuth

@Suite struct ProfileStatusTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let settings = ProfileSettings(
        clientID: "id", cloudID: "c", siteURL: "https://a.atlassian.net", siteName: "A", scopes: ["x"])

    @Test func refreshExpiryIsTheEarlierOfInactivityAndAbsoluteLimits() {
        let consent = now.addingTimeInterval(-300 * 86400)
        let credentials = StoredCredentials(
            accessToken: Secret("t"), accessTokenExpiresAt: now.addingTimeInterval(-10), refreshToken: Secret("r"),
            refreshTokenFamilyStartedAt: consent, refreshTokenRotatedAt: now)
        let status = ProfileStatus(profile: "p", settings: settings, credentials: credentials, now: now)
        #expect(status.refreshTokenExpiresAt == consent.addingTimeInterval(365 * 86400))
        #expect(status.loggedIn)
    }

    @Test func expiredEverythingIsNotLoggedIn() {
        let rotated = now.addingTimeInterval(-91 * 86400)
        let credentials = StoredCredentials(
            accessToken: Secret("t"), accessTokenExpiresAt: rotated, refreshToken: Secret("r"),
            refreshTokenFamilyStartedAt: rotated, refreshTokenRotatedAt: rotated)
        let status = ProfileStatus(
            profile: "p", settings: settings, credentials: credentials, toolName: "csm-auth", now: now)
        #expect(!status.loggedIn)
        #expect(status.problem?.contains("csm-auth login --profile p") == true)
    }

    @Test func revokedLoginIsNotLoggedIn() {
        let credentials = StoredCredentials(
            refreshToken: Secret("r"), refreshTokenRotatedAt: now, refreshTokenRevoked: true)
        let status = ProfileStatus(profile: "p", settings: settings, credentials: credentials, now: now)
        #expect(!status.loggedIn)
        #expect(status.refreshTokenExpiresAt == nil)
    }

    @Test func jsonHasEveryKeyAndNoSecret() throws {
        let credentials = StoredCredentials(
            clientSecret: Secret("cs-123"), accessToken: Secret("at-456"), refreshToken: Secret("rt-789"))
        let status = ProfileStatus(profile: "p", settings: settings, credentials: credentials, now: now)
        let data = try JSONEncoder().encode(status)
        let text = String(decoding: data, as: UTF8.self)
        for secret in ["cs-123", "at-456", "rt-789"] { #expect(!text.contains(secret)) }
        let object = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in [
            "profile", "loggedIn", "auth", "cloudId", "siteUrl", "siteName", "scopes", "storage",
            "accessTokenExpiresAt", "refreshTokenExpiresAt",
        ] {
            #expect(object.keys.contains(key), "\(key)")
        }
        #expect(object["accessTokenExpiresAt"] is NSNull)
    }
}
