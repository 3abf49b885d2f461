import Foundation
import TestSupport
import Testing

@testable import CSMAuth

/// Error codes, their categories, and the login hint built in one place.
@Suite struct ErrorCodeTests {
    @Test func eachCodeBelongsToTheCategoryItsExitCodeNeeds() {
        let expected: [(CSMAuthError.Code, ErrorCategory)] = [
            (.notLoggedIn, .loginRequired), (.loginRevoked, .loginRequired), (.noRefreshToken, .loginRequired),
            (.tokenRefused, .loginRequired),
            (.invalidInput, .usage), (.noSiteSelected, .usage), (.notApplicable, .usage), (.missingLoginInput, .usage),
            (.siteNotFound, .failure), (.siteAmbiguous, .failure), (.noSites, .failure), (.lockTimeout, .failure),
            (.invalidConfiguration, .failure), (.loginRefused, .failure), (.unexpectedResponse, .failure),
            (.inputUnavailable, .failure), (.systemFailure, .failure), (.taskTimeout, .failure),
        ]
        for (code, category) in expected {
            #expect(CSMAuthError(code, "x").category == category, "\(code)")
        }
        #expect(Set(expected.map(\.0.name)).count == expected.count)
    }

    @Test func aToolCanAddACodeOfItsOwn() {
        let quota = CSMAuthError.Code("quotaExceeded", category: .failure)
        let error = CSMAuthError(quota, "the nightly quota is used up")
        #expect(error.code == quota)
        #expect(error.code != .unexpectedResponse)
        #expect(error.description == "the nightly quota is used up")
        #expect(error.loginCommand == nil)
    }

    @Test func theLoginCommandNamesTheToolTheProfileAndTheKindOfLogin() {
        #expect(LoginCommand(toolName: "csm-auth", profile: "default").description == "csm-auth login")
        #expect(
            LoginCommand(toolName: "my-tool", profile: "work", auth: .oauth).description
                == "my-tool login --profile work")
        #expect(
            LoginCommand(toolName: "t", profile: "bot", auth: .basic).description
                == "t login --basic --profile bot --site SITE_URL --email EMAIL")
        #expect(
            LoginCommand(toolName: "t", profile: "default", auth: .clientCredentials).description
                == "t login --client-credentials --site SITE_URL")
    }

    /// A tool name is the program's to choose; a line break or an escape sequence in it must not
    /// break the promise that a message is one line, nor reach a terminal.
    @Test func aToolNameWithControlCharactersStaysOnOneLine() async throws {
        let fix = LoginCommand(toolName: "my\ntool\u{1B}[2J", profile: "work")
        #expect(!fix.description.contains("\n") && !fix.description.contains("\u{1B}"))
        let error = CSMAuthError(.loginRevoked, "the login of profile 'work' was revoked", fix: fix)
        #expect(!error.message.contains("\n") && !error.message.contains("\u{1B}"))
        #expect(error.message.hasPrefix("the login of profile 'work' was revoked: run `my tool"))

        let folder = try TemporaryFolder()
        let environment = CSMAuthEnvironment(
            variables: ["HOME": folder.path, "CSM_AUTH_KERNEL_CACHE": "0"], toolName: "a\nb")
        let notLoggedIn = await #expect(throws: CSMAuthError.self) {
            try await AuthSession(profile: "work", environment: environment).accessToken()
        }
        #expect(notLoggedIn?.message.contains("\n") == false)
    }

    @Test func anErrorFixedByALoginEndsWithTheCommand() {
        let fix = LoginCommand(toolName: "my-tool", profile: "work")
        let error = CSMAuthError(.loginRevoked, "the login of profile 'work' was revoked", fix: fix)
        #expect(error.message == "the login of profile 'work' was revoked: run `my-tool login --profile work`")
        #expect(error.loginCommand == fix)
        #expect(error.category == .loginRequired)
    }

    @Test func profileStatusNamesTheToolInItsProblem() {
        let status = ProfileStatus(
            profile: "bot", settings: ProfileSettings(auth: .basic), credentials: nil, toolName: "my-tool")
        #expect(
            status.problem
                == "no API token is stored: run `my-tool login --basic --profile bot --site SITE_URL --email EMAIL`")
    }
}
