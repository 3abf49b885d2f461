import CSMAuth
import CSMSandbox
import Foundation
import TestSupport
import Testing

/// A custom store belongs to one program: its tokens must not go into the kernel cache, where
/// every process of the user (the csm-auth command included) would be handed them.
@Suite(.waiting) struct CustomStoreKernelCacheTests {
    /// The kernel cache on, as it is by default; the keys are dropped again at the end.
    static let cacheOn = ["CSM_AUTH_KERNEL_CACHE": "1"]

    @Test func aFileLoginIsCachedWhichShowsTheCacheWorksHere() async throws {
        try await LoginHome.with(variables: Self.cacheOn) { home in
            try await home.logInByPaste()
            _ = try await home.session().credential()
            let status = try await Profiles(environment: home.environment).statuses([LoginHome.profile])
            #expect(status.first?.accessTokenCached == true)
            _ = try await Profiles(environment: home.environment).logout(LoginHome.profile)
        }
    }

    @Test func aCustomStoreLoginAndItsRefreshesStayOutOfTheKernelCache() async throws {
        try await LoginHome.with(
            SandboxConfiguration(autoApprove: true, accessTokenLifetime: 30), variables: Self.cacheOn
        ) { home in
            var environment = home.environment
            environment.customStore = MemoryStore()
            let flow = LoginFlow(environment: environment, transport: CurlTransport())
            _ = try await flow.run(
                home.request(mode: .paste, storage: .custom), interaction: ScriptedInteraction(paste: .redirect))
            let profiles = Profiles(environment: environment)
            #expect(try await profiles.statuses([LoginHome.profile]).first?.accessTokenCached == false)
            // The 30 s token is refreshed (it expires within the minute asked for), and not cached either.
            _ = try await AuthSession(profile: LoginHome.profile, environment: environment).credential()
            #expect(home.sandbox.stats.refreshGrants == 1)
            #expect(try await profiles.statuses([LoginHome.profile]).first?.accessTokenCached == false)
            _ = try await profiles.logout(LoginHome.profile)
        }
    }
}
