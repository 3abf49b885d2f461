import Foundation
import Testing

@testable import CSMSandbox

/// The grant state machine without any I/O, driven by explicit times.
@Suite struct GrantStoreTests {
    private let settings = OAuthSettings(
        SandboxConfiguration(reuseInterval: 10, refreshTokenInactivity: 100, authorizationCodeLifetime: 5))
    private let start = Date(timeIntervalSince1970: 1_000_000)
    private let redirect = "http://localhost:8976/callback"

    private func login(_ store: inout GrantStore, scopes: [String] = ["offline_access", "read:me"]) throws
        -> SandboxTokenResponse
    {
        let code = store.issueCode(
            clientID: "c", redirectURI: redirect, user: .agent, scopes: scopes, cloudIDs: ["x"], now: start,
            settings: settings)
        return try store.redeem(code: code, clientID: "c", redirectURI: redirect, now: start, settings: settings)
    }

    @Test func codeFromAnotherClientIsRefused() {
        var store = GrantStore()
        let code = store.issueCode(
            clientID: "c", redirectURI: redirect, user: .agent, scopes: ["read:me"], cloudIDs: [], now: start,
            settings: settings)
        #expect(throws: GrantStore.Failure.invalidAuthorizationCode) {
            try store.redeem(code: code, clientID: "other", redirectURI: redirect, now: start, settings: settings)
        }
    }

    @Test func codeExpiresAtItsLifetime() {
        var store = GrantStore()
        let code = store.issueCode(
            clientID: "c", redirectURI: redirect, user: .agent, scopes: ["read:me"], cloudIDs: [], now: start,
            settings: settings)
        #expect(throws: GrantStore.Failure.invalidAuthorizationCode) {
            try store.redeem(
                code: code, clientID: "c", redirectURI: redirect, now: start.addingTimeInterval(5), settings: settings)
        }
    }

    @Test func reuseAtExactlyTheIntervalIsAllowedAndJustAfterRevokes() throws {
        var store = GrantStore()
        let first = try login(&store)
        let old = try #require(first.refreshToken)
        _ = try store.refresh(refreshToken: old, clientID: "c", now: start, settings: settings)
        _ = try store.refresh(refreshToken: old, clientID: "c", now: start.addingTimeInterval(10), settings: settings)
        #expect(throws: GrantStore.Failure.invalidRefreshToken) {
            try store.refresh(
                refreshToken: old, clientID: "c", now: start.addingTimeInterval(10.001), settings: settings)
        }
        #expect(store.authorization(forAccessToken: first.accessToken, now: start) == nil)
        #expect(store.liveGrantCount == 0)
    }

    @Test func refreshTokenOfAnotherClientIsRefusedWithoutRevoking() throws {
        var store = GrantStore()
        let tokens = try login(&store)
        #expect(throws: GrantStore.Failure.invalidRefreshToken) {
            try store.refresh(
                refreshToken: tokens.refreshToken ?? "", clientID: "other", now: start, settings: settings)
        }
        #expect(store.liveGrantCount == 1)
    }

    @Test func absoluteLifetimeEndsTheGrantWhenSet() throws {
        var settings = settings
        settings.refreshTokenAbsoluteLifetime = 150
        var store = GrantStore()
        var token = try #require(try login(&store).refreshToken)
        token = try #require(
            try store.refresh(refreshToken: token, clientID: "c", now: start.addingTimeInterval(90), settings: settings)
                .refreshToken)
        #expect(throws: GrantStore.Failure.invalidRefreshToken) {
            try store.refresh(
                refreshToken: token, clientID: "c", now: start.addingTimeInterval(160), settings: settings)
        }
    }

    @Test func accessTokenCarriesUserScopesAndSites() throws {
        var store = GrantStore()
        let tokens = try login(&store, scopes: ["read:me"])
        #expect(tokens.refreshToken == nil)
        let authorization = try #require(store.authorization(forAccessToken: tokens.accessToken, now: start))
        #expect(authorization.user == .agent)
        #expect(authorization.scopes == ["read:me"])
        #expect(authorization.cloudIDs == ["x"])
    }

    @Test func tokensAreNotPredictable() {
        let tokens = (0..<200).map { _ in RandomToken.make() }
        #expect(Set(tokens).count == tokens.count)
        #expect(tokens.allSatisfy { $0.count == 43 && !$0.contains("=") && !$0.contains("+") && !$0.contains("/") })
    }
}
