import CSMAuth
import CSMSandbox
import Foundation
import TestSupport
import Testing

/// A service account's login names its site as Atlassian lists it (as a browser login does),
/// and never fails over that name.
@Suite(.waiting) struct ClientCredentialsLoginTests {
    static let account = SandboxServiceAccount(id: "seam-bot", secret: "seam-bot-secret")

    func logIn(_ home: LoginHome, transport: any HTTPTransport = CurlTransport()) async throws -> ProfileSettings? {
        let site = try #require(URL(string: home.sandbox.sites[0].url))
        _ = try await ClientCredentialsLogin(environment: home.environment, transport: transport).run(
            profile: "bot", siteURL: site,
            client: ClientCredentials(id: Self.account.id, secret: Secret(Self.account.secret)),
            scopes: [], storage: .file)
        return try Profiles(environment: home.environment).settings("bot")
    }

    @Test func theSiteIsNamedAsAtlassianListsIt() async throws {
        try await LoginHome.with(SandboxConfiguration(serviceAccounts: [Self.account])) { home in
            let settings = try #require(try await logIn(home))
            let site = home.sandbox.sites[0]
            #expect(settings.siteName == site.name)
            #expect(settings.siteURL == site.url)
            #expect(settings.cloudID == site.cloudID)
            #expect(home.sandbox.stats.accessibleResources == 1)
        }
    }

    @Test func aTokenThatMayNotListSitesLeavesTheHostAsTheName() async throws {
        try await LoginHome.with(SandboxConfiguration(serviceAccounts: [Self.account])) { home in
            let settings = try #require(try await logIn(home, transport: RefusingSiteList()))
            #expect(settings.siteName == URL(string: home.sandbox.sites[0].url)?.host)
            #expect(settings.cloudID == home.sandbox.sites[0].cloudID)
        }
    }
}

/// libcurl, except that `accessible-resources` answers 401.
private struct RefusingSiteList: HTTPTransport {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if request.url.path.hasSuffix("/accessible-resources") { return HTTPResponse(status: 401) }
        return try await CurlTransport().send(request)
    }
}
