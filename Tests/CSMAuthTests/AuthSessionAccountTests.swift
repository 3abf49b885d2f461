import CSMSandbox
import Foundation
import TestSupport
import Testing

@testable import CSMAuth

/// `AuthSession.account`: who a profile is logged in as, from what its login saved.
@Suite(.waiting) struct AuthSessionAccountTests {
    @Test func aSessionNamesTheAccountItsLoginSaw() async throws {
        try await LoginHome.with { home in
            try await home.logInByPaste(scopes: LoginHome.scopes + [CSMScope.readMe.rawValue])
            let saved = try home.session().account
            let account = try #require(saved)
            #expect(account.accountID == SandboxUser.jiraAdministrator.accountID)
            #expect(account.name == SandboxUser.jiraAdministrator.displayName)
            #expect(account.email == SandboxUser.jiraAdministrator.email)
        }
    }

    @Test func aLoginWithoutReadMeLeavesTheAccountUnknown() async throws {
        try await LoginHome.with { home in
            try await home.logInByPaste()
            let account = try home.session().account
            #expect(account == nil)
            #expect(home.sandbox.stats.apiRequests == 0)
        }
    }

    @Test func aProfileThatWasNeverLoggedInHasNoAccount() async throws {
        try await LoginHome.with { home in
            let account = try home.session().account
            #expect(account == nil)
        }
    }
}
