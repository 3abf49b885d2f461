import CSMAuth
import CSMSandbox
import Foundation
import TestSupport
import Testing

/// `LoginFlow` through its seams, as another program would drive it: a scripted
/// ``LoginInteraction`` plays the person and the browser, the sandbox plays Atlassian, libcurl
/// carries the login's own requests, and `.file` storage keeps everything in a temporary HOME.
///
/// On threads of their own: the browser's callback page waits for the login's task.
@Suite(.waiting) struct LoginFlowTests {
    // MARK: Logging in

    @Test func browserLoginSavesTheOnlySiteAndItsTokens() async throws {
        try await LoginHome.with { home in
            let interaction = ScriptedInteraction(browser: .approve)
            let before = Date()
            let outcome = try await home.flow.run(home.request(), interaction: interaction)

            let site = home.sandbox.sites[0]
            #expect(outcome.site?.id == site.cloudID)
            #expect(outcome.sites.map(\.id) == [site.cloudID])
            let settings = try #require(try home.settings())
            #expect(settings.auth == .oauth)
            #expect(settings.storage == .file)
            #expect(settings.clientID == LoginHome.clientID)
            #expect(settings.cloudID == site.cloudID)
            #expect(settings.siteURL == site.url)
            #expect(settings.siteName == site.name)
            #expect(settings.callbackURL == home.callbackURL.absoluteString)
            #expect(settings.authURL == home.sandbox.baseURL)
            #expect(settings.apiURL == home.sandbox.baseURL)
            #expect(Set(settings.scopes) == Set(LoginHome.scopes + ["offline_access"]))

            let stored = try #require(try await home.credentials())
            #expect(stored.clientSecret == Secret(LoginHome.clientSecret))
            #expect(stored.accessToken != nil)
            #expect(stored.refreshToken != nil)
            #expect(stored.refreshTokenRevoked == false)
            // `expires_in` (3600 s) counts from when the exchange was sent, which is after `before`.
            #expect(try #require(stored.accessTokenExpiresAt) >= before.addingTimeInterval(3600))
            #expect(try #require(stored.refreshTokenFamilyStartedAt) >= before)

            // One browser opening, of the listener's start link, which led to the authorization URL
            // with the registered callback; and the browser was told it worked.
            #expect(interaction.browserOpenings.count == 1)
            let opened = try #require(interaction.browserOpenings.first)
            #expect(opened.host() == home.callbackURL.host() && opened.port == home.callbackURL.port)
            #expect(opened.path().hasPrefix("/start/") && opened.query() == nil)
            let printed = try #require(interaction.printedAuthorizationURL)
            #expect(Self.query(printed)["redirect_uri"] == home.callbackURL.absoluteString)
            #expect(Self.query(printed)["client_id"] == LoginHome.clientID)
            let page = try await interaction.browserPage()
            #expect(page.status == 200)
            #expect(page.body.contains("You are logged in"))
            let stats = home.sandbox.stats
            #expect(stats.authorize == 1)
            #expect(stats.authorizationCodeGrants == 1)
            #expect(stats.accessibleResources == 1)
        }
    }

    @Test func theSavedLoginIsWhatAnAuthSessionUsesWithoutTheKernelCache() async throws {
        try await LoginHome.with { home in
            let outcome = try await home.logInByPaste()
            let stored = try #require(try await home.credentials())
            home.sandbox.resetStats()

            let credential = try await home.session().credential()
            #expect(credential.token == stored.accessToken)
            #expect(credential.cloudID == outcome.site?.id)
            #expect(credential.csmBaseURL?.absoluteString == home.sandbox.apiBaseURL())
            // A fresh token from the file store: no refresh, no request at all.
            #expect(home.sandbox.stats == SandboxStats())
        }
    }

    @Test func pasteModeLogsInWithThePastedRedirect() async throws {
        try await LoginHome.with { home in
            let interaction = ScriptedInteraction(paste: .redirect)
            let outcome = try await home.flow.run(home.request(mode: .paste), interaction: interaction)

            #expect(outcome.site?.id == home.sandbox.sites[0].cloudID)
            let printed = try #require(interaction.printedAuthorizationURL)
            #expect(Self.query(printed)["redirect_uri"] == home.callbackURL.absoluteString)
            #expect(try home.settings()?.cloudID == home.sandbox.sites[0].cloudID)
            #expect(try await home.credentials()?.accessToken != nil)
            #expect(home.sandbox.stats.authorizationCodeGrants == 1)
        }
    }

    @Test func pastedURLWithAnotherStateIsRefusedAndNothingIsSaved() async throws {
        try await LoginHome.with { home in
            let interaction = ScriptedInteraction(paste: .redirectWithState("state-of-another-login"))
            let error = await #expect(throws: LoopbackReceiverError.self) {
                try await home.flow.run(home.request(mode: .paste), interaction: interaction)
            }
            #expect(error?.code == .stateMismatch)
            #expect(home.configText() == nil)
            let stored = try await home.credentials()
            #expect(stored == nil)
            // The sandbox issued a code, and it was never sent to the token endpoint.
            #expect(home.sandbox.stats.authorize == 1)
            #expect(home.sandbox.stats.authorizationCodeGrants == 0)
        }
    }

    @Test func withoutADisplayTheURLIsPrintedAndVisitingItLogsIn() async throws {
        // The interaction says it cannot open a browser: mode .browser must not try to open anything.
        try await LoginHome.with { home in
            let interaction = ScriptedInteraction(
                browser: .none, visitPrintedURLWhenWaiting: true, headlessReason: "there is no display")
            let outcome = try await home.flow.run(home.request(mode: .browser), interaction: interaction)

            #expect(outcome.site?.id == home.sandbox.sites[0].cloudID)
            #expect(interaction.browserOpenings.isEmpty)
            #expect(interaction.informed.contains { $0.hasPrefix("Not opening a browser: ") })
            #expect(interaction.informed.contains { $0.contains("ssh -L") })
            #expect(try await interaction.browserPage().status == 200)
        }
    }

    @Test func aBrowserThatCannotStartLeavesTheURLToTheUser() async throws {
        try await LoginHome.with { home in
            // openBrowser fails, then the user opens the printed URL by hand.
            let interaction = ScriptedInteraction(browser: .cannotStart(visitAnyway: true))
            let outcome = try await home.flow.run(home.request(), interaction: interaction)

            #expect(outcome.site?.id == home.sandbox.sites[0].cloudID)
            #expect(interaction.informed.contains { $0.hasPrefix("Could not start a browser") })
            #expect(try await interaction.browserPage().status == 200)
        }
    }

    // MARK: Choosing the site

    @Test func siteThatMatchesNothingFailsAndLeavesThePreviousLoginUnchanged() async throws {
        try await LoginHome.with { home in
            try await home.logInByPaste()
            let configBefore = try #require(home.configText())
            let storedBefore = try #require(try await home.credentials())

            let interaction = ScriptedInteraction(browser: .approve)
            let error = await #expect(throws: CSMAuthError.self) {
                try await home.flow.run(home.request(site: "nowhere.example"), interaction: interaction)
            }
            #expect(error?.category == .failure)
            #expect(error?.message.contains("no site matches 'nowhere.example'") == true)
            #expect(home.configText() == configBefore)
            #expect(try await home.credentials() == storedBefore)
            // It failed after the exchange (the second one), and the browser was told so.
            #expect(home.sandbox.stats.authorizationCodeGrants == 2)
            #expect(try await interaction.browserPage().status == 500)
        }
    }

    @Test func siteFlagPicksOneOfSeveralSitesWithoutAsking() async throws {
        try await LoginHome.with(SandboxConfiguration(autoApprove: true, siteCount: 3)) { home in
            let wanted = home.sandbox.sites[1]
            let interaction = ScriptedInteraction(browser: .approve)
            let outcome = try await home.flow.run(home.request(site: wanted.url), interaction: interaction)

            #expect(outcome.site?.id == wanted.cloudID)
            #expect(outcome.sites.count == 3)
            #expect(interaction.siteQuestions.isEmpty)
            #expect(try home.settings()?.cloudID == wanted.cloudID)
            #expect(try home.settings()?.siteName == wanted.name)
        }
    }

    @Test func severalSitesAndNobodyToAskSavesANewProfileWithoutASite() async throws {
        try await LoginHome.with(SandboxConfiguration(autoApprove: true, siteCount: 2)) { home in
            let interaction = ScriptedInteraction(browser: .approve, siteChoice: { _ in nil })
            let outcome = try await home.flow.run(home.request(), interaction: interaction)

            let cloudIDs = home.sandbox.sites.map(\.cloudID)
            #expect(outcome.site == nil)
            #expect(outcome.sites.map(\.id) == cloudIDs)
            #expect(interaction.siteQuestions.map { $0.map(\.id) } == [cloudIDs])
            let settings = try #require(try home.settings())
            #expect(settings.cloudID == nil)
            #expect(settings.siteURL == nil)
            let stored = try #require(try await home.credentials())
            #expect(stored.accessToken != nil)
            #expect(stored.refreshToken != nil)
            #expect(try await interaction.browserPage().status == 200)
        }
    }

    @Test func severalSitesAndNobodyToAskLeaveAnExistingProfileUnchanged() async throws {
        try await LoginHome.with(SandboxConfiguration(autoApprove: true, siteCount: 2)) { home in
            // An earlier login of a site this grant no longer reaches.
            try await Profiles(environment: home.environment).save(
                ProfileSettings(
                    storage: .file, clientID: LoginHome.clientID, cloudID: "22222222-2222-4222-8222-000000000042",
                    siteURL: "https://old.example", siteName: "Old Site", scopes: LoginHome.scopes),
                as: LoginHome.profile)
            let previous = StoredCredentials(
                clientSecret: Secret(LoginHome.clientSecret), accessToken: Secret("old-access"),
                accessTokenExpiresAt: Date(timeIntervalSince1970: 2_000_000_000), refreshToken: Secret("old-refresh"))
            try await home.fileStore.save(previous, profile: LoginHome.profile, label: "test")
            let configBefore = try #require(home.configText())

            let interaction = ScriptedInteraction(browser: .approve, siteChoice: { _ in nil })
            let error = await #expect(throws: CSMAuthError.self) {
                try await home.flow.run(home.request(), interaction: interaction)
            }
            #expect(error?.category == .failure)
            #expect(error?.message.contains("--site") == true)
            for site in home.sandbox.sites {
                #expect(error?.message.contains(site.url) == true)
            }
            #expect(interaction.siteQuestions.count == 1)
            #expect(home.configText() == configBefore)
            #expect(try await home.credentials() == previous)
            #expect(try await interaction.browserPage().status == 500)
        }
    }

    @Test func anotherLoginKeepsTheProfilesSiteWithoutAsking() async throws {
        try await LoginHome.with(SandboxConfiguration(autoApprove: true, siteCount: 2)) { home in
            let chosen = home.sandbox.sites[1]
            #expect(try await home.logInByPaste(chooseSite: chosen.cloudID).site?.id == chosen.cloudID)
            let firstToken = try await home.credentials()?.accessToken

            let interaction = ScriptedInteraction(browser: .approve, siteChoice: { _ in nil })
            let outcome = try await home.flow.run(home.request(), interaction: interaction)

            #expect(outcome.site?.id == chosen.cloudID)
            #expect(interaction.siteQuestions.isEmpty)
            #expect(try home.settings()?.cloudID == chosen.cloudID)
            let secondToken = try #require(try await home.credentials()?.accessToken)
            #expect(secondToken != firstToken)
        }
    }

    // MARK: Refusals

    @Test func deniedConsentFailsAndSavesNothing() async throws {
        try await LoginHome.with(SandboxConfiguration(autoApprove: false)) { home in
            let interaction = ScriptedInteraction(browser: .deny)
            let error = await #expect(throws: LoopbackReceiverError.self) {
                try await home.flow.run(home.request(), interaction: interaction)
            }
            #expect(error?.code == .accessDenied)
            #expect(error?.category == .failure)
            let page = try await interaction.browserPage()
            #expect(page.status == 403)
            #expect(home.configText() == nil)
            let stored = try await home.credentials()
            #expect(stored == nil)
            #expect(home.sandbox.stats.consentDecisions == 1)
            #expect(home.sandbox.stats.authorizationCodeGrants == 0)
        }
    }

    enum ExchangeRefusal: String, CaseIterable, Sendable {
        case serverError = "the token endpoint fails"
        case wrongClientSecret = "the client secret is wrong"
    }

    @Test(arguments: ExchangeRefusal.allCases)
    func refusedCodeExchangeIsAFailureAndSavesNothing(_ refusal: ExchangeRefusal) async throws {
        let faults = refusal == .serverError ? SandboxFaults(tokenEndpoint: .serverError) : .none
        try await LoginHome.with(SandboxConfiguration(autoApprove: true, faults: faults)) { home in
            let secret = refusal == .wrongClientSecret ? "not-the-secret" : LoginHome.clientSecret
            let interaction = ScriptedInteraction(browser: .approve)
            let error = await #expect(throws: CSMAuthError.self) {
                try await home.flow.run(home.request(secret: secret), interaction: interaction)
            }
            #expect(error?.code == .loginRefused)
            #expect(error?.category == .failure)
            #expect(error?.loginCommand == LoginCommand(toolName: "csm-auth", profile: LoginHome.profile))
            #expect(error?.message.hasSuffix("run `csm-auth login --profile \(LoginHome.profile)`") == true)
            switch refusal {
            case .serverError: #expect(error?.message.contains("HTTP 500") == true)
            case .wrongClientSecret: #expect(error?.message.contains("client secret") == true)
            }
            #expect(home.configText() == nil)
            let stored = try await home.credentials()
            #expect(stored == nil)
            let stats = home.sandbox.stats
            #expect(stats.authorizationCodeGrants == 1)
            #expect(stats.tokenErrors == 1)
            #expect(stats.accessibleResources == 0)
            let page = try await interaction.browserPage()
            #expect(page.status == 500)
        }
    }

    @Test func anUnusableStoreFailsBeforeTheBrowserOpens() async throws {
        try await LoginHome.with { home in
            // The credentials folder would be inside a regular file: the store's probe fails.
            let blocker = home.folder.path + "/not-a-folder"
            #expect(FileManager.default.createFile(atPath: blocker, contents: Data()))
            var variables = home.environment.variables
            variables["XDG_DATA_HOME"] = blocker
            let flow = LoginFlow(
                environment: CSMAuthEnvironment(variables: variables), transport: CurlTransport(), logger: home.logger)

            let interaction = ScriptedInteraction(browser: .none)
            let error = await #expect(throws: CredentialStoreError.self) {
                try await flow.run(home.request(), interaction: interaction)
            }
            #expect(error?.category == .storeUnavailable)
            #expect(interaction.browserOpenings.isEmpty)
            #expect(home.sandbox.stats == SandboxStats())
            #expect(home.configText() == nil)
        }
    }

    /// A login to the program's own store (`.custom`) saves the tokens there, writes
    /// `storage = custom`, and leaves the configuration readable for every other profile.
    @Test func aCustomStoreLoginSavesToTheProgramsStore() async throws {
        try await LoginHome.with { home in
            try await Profiles(environment: home.environment).save(
                ProfileSettings(storage: .file, clientID: "other-client"), as: "other")
            let store = MemoryStore()
            var environment = home.environment
            environment.customStore = store
            let flow = LoginFlow(environment: environment, transport: CurlTransport())
            _ = try await flow.run(
                home.request(mode: .paste, storage: .custom), interaction: ScriptedInteraction(paste: .redirect))
            #expect(try await store.load(profile: LoginHome.profile)?.refreshToken != nil)
            #expect(try Profiles(environment: environment).settings(LoginHome.profile)?.storage == .custom)
            #expect(try Profiles(environment: environment).settings("other")?.clientID == "other-client")
            #expect(try await home.credentials() == nil)
        }
    }

    /// Without a custom store, a `.custom` login fails before the browser opens and saves nothing.
    @Test func aCustomStoreLoginWithoutAStoreFailsBeforeTheBrowser() async throws {
        try await LoginHome.with { home in
            let interaction = ScriptedInteraction(paste: .none)
            let error = await #expect(throws: CredentialStoreError.self) {
                try await home.flow.run(home.request(mode: .paste, storage: .custom), interaction: interaction)
            }
            #expect(error?.code == .unavailable)
            #expect(interaction.events.isEmpty)
            #expect(home.configText() == nil)
        }
    }

    // MARK: Helpers

    static func query(_ url: URL) -> [String: String] {
        let items = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems ?? []
        return Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
    }
}
