import CSMSandbox
import Foundation
import TestSupport
import Testing

/// A token endpoint that answers numbers out of range or tokens that are not tokens, and stores
/// whose documents were edited by hand: each is refused in one line, stores nothing and keeps the
/// previous login, and nothing ever crashes (a huge `expires_in` once ended every later command
/// with SIGILL). The sandbox's `tokenAnswer` fault plays the hostile server.
@Suite(.blocking) struct HostileTokenResponseTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
    }

    var sandbox: SandboxConfiguration {
        SandboxConfiguration(clients: [cli.sandboxClient], autoApprove: true, accessTokenLifetime: 3600)
    }

    @discardableResult
    func login(_ server: SandboxServer, storage: String = "file") throws -> ChildProcess.Result {
        cli.extraEnvironment["BROWSER"] = try cli.script("browser", #"exec curl -sS -L -o /dev/null "$1""#)
        return try cli.run(
            ["login", "--callback-url", cli.callbackURL, "--timeout", "30", "--storage", storage], sandbox: server)
    }

    /// Logs in, then makes every later token answer carry `override`; returns the token of the login.
    func loggedIn(_ server: SandboxServer, then override: SandboxFaults.TokenAnswerOverride) throws -> String {
        let first = try login(server)
        try #require(first.status == 0, "\(first.stderr)")
        let token = try cli.run(["token"], sandbox: server)
        try #require(token.status == 0, "\(token.stderr)")
        server.setFaults(SandboxFaults(tokenAnswer: override))
        return token.stdout
    }

    /// One error line on stderr (after the login's progress lines, for a login), exit 1, and a
    /// message that names `field`.
    func expectBadResponse(_ result: ChildProcess.Result, naming field: String) {
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("csm-auth:") }
        #expect(errors.count == 1, "\(result.stderr)")
        #expect(result.stderr.hasSuffix(String(errors.last ?? "") + "\n"), "\(result.stderr)")
        #expect(errors.last?.contains(field) == true, "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
    }

    /// The login of `loggedIn(_:then:)` still works as it was: same token, logged in.
    func expectPreviousLoginIntact(_ server: SandboxServer, token: String) throws {
        server.setFaults(.none)
        let after = try cli.run(["token"], sandbox: server)
        #expect(after.status == 0, "\(after.stderr)")
        #expect(after.stdout == token)
        #expect(try cli.run(["status"], sandbox: server).status == 0)
        for command in [["header"], ["env"], ["exec", "--", "true"]] {
            let result = try cli.run(command, sandbox: server)
            #expect(result.status == 0, "\(command): \(result.stderr)")
        }
    }

    var credentialsFile: String { cli.folder.path + "/data/csm-auth/credentials/\(cli.profile).json" }

    /// Rewrites one member of the stored document, as a person editing the file would.
    func editStoredDocument(_ key: String, _ value: Any) throws {
        var document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: credentialsFile)))
                as? [String: Any])
        document[key] = value
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: credentialsFile))
        chmod(credentialsFile, 0o600)
    }

    // MARK: - Numbers out of range

    @Test func aHugeExpiryAtRefreshIsABadResponse() async throws {
        try await withSandbox(sandbox) { server in
            let token = try loggedIn(server, then: .init(expiresIn: 1e19))
            expectBadResponse(try cli.run(["refresh"], sandbox: server), naming: "expires_in")
            try expectPreviousLoginIntact(server, token: token)
        }
    }

    @Test func aHugeExpiryAtLoginIsABadResponse() async throws {
        try await withSandbox(sandbox) { server in
            let token = try loggedIn(server, then: .init(expiresIn: 1e19))
            expectBadResponse(try login(server), naming: "expires_in")
            try expectPreviousLoginIntact(server, token: token)
        }
    }

    @Test func anExpiryBeyondUInt64AtRefreshIsABadResponse() async throws {
        try await withSandbox(sandbox) { server in
            let token = try loggedIn(server, then: .init(expiresIn: 18_446_744_073_709_551_616))
            expectBadResponse(try cli.run(["refresh"], sandbox: server), naming: "expires_in")
            try expectPreviousLoginIntact(server, token: token)
        }
    }

    @Test func aNegativeExpiryAtRefreshIsABadResponse() async throws {
        try await withSandbox(sandbox) { server in
            let token = try loggedIn(server, then: .init(expiresIn: -1))
            expectBadResponse(try cli.run(["refresh"], sandbox: server), naming: "expires_in")
            try expectPreviousLoginIntact(server, token: token)
        }
    }

    @Test func aNegativeExpiryAtLoginIsABadResponse() async throws {
        try await withSandbox(sandbox) { server in
            let token = try loggedIn(server, then: .init(expiresIn: -1))
            expectBadResponse(try login(server), naming: "expires_in")
            try expectPreviousLoginIntact(server, token: token)
        }
    }

    @Test func aHugeExpiryForAServiceAccountIsABadResponse() async throws {
        let account = SandboxServiceAccount(id: "bot", secret: "bot-secret-\(UUID().uuidString)")
        try await withSandbox(SandboxConfiguration(serviceAccounts: [account])) { server in
            server.setFaults(SandboxFaults(tokenAnswer: .init(expiresIn: 1e19)))
            let login = try cli.serviceAccountLogin(account, server, ["--storage", "file"])
            expectBadResponse(login, naming: "expires_in")
            #expect(!FileManager.default.fileExists(atPath: credentialsFile))
        }
    }

    @Test func aStoredHugeExpiryIsRefusedWithoutACrash() async throws {
        try await withSandbox(sandbox) { server in
            try #require(try login(server).status == 0)
            try editStoredDocument("accessTokenExpiresAt", 1e19)
            // With the kernel cache off, the store is read by every command, as after the cache expires.
            let off: [String: String?] = ["CSM_AUTH_KERNEL_CACHE": "0"]
            for command in [["token"], ["header"], ["env"], ["exec", "--", "true"], ["status"], ["refresh"]] {
                let result = try cli.run(command, sandbox: server, environment: off)
                // `status` reports the profile's problem as its output; the others fail with it.
                let said = command == ["status"] ? result.stdout : result.stderr
                #expect(result.status == 4, "\(command): \(result.stderr)")
                #expect(said.split(separator: "\n").count == 1, "\(command): \(said)")
                #expect(said.contains("accessTokenExpiresAt"), "\(command): \(said)")
            }
            // A new login replaces the document.
            let again = try login(server)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try cli.run(["token"], sandbox: server, environment: off).status == 0)
        }
    }

    @Test func statusReportsEveryProfileWhenOneStoredDocumentIsUnreadable() async throws {
        try await withSandbox(sandbox) { server in
            try #require(try login(server).status == 0)
            let other = try cli.run(
                [
                    "login", "--profile", "other", "--callback-url", cli.callbackURL, "--timeout", "30", "--storage",
                    "file",
                ],
                sandbox: server)
            try #require(other.status == 0, "\(other.stderr)")
            try editStoredDocument("accessTokenExpiresAt", 1e300)
            let status = try cli.run(["status", "--all", "--json"], sandbox: server)
            #expect(status.status == 4, "\(status.stderr)")
            let reports = try #require(
                try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]])
            let broken = try #require(reports.first { $0["profile"] as? String == cli.profile })
            #expect(broken["loggedIn"] as? Bool == false)
            #expect((broken["problem"] as? String)?.contains("accessTokenExpiresAt") == true)
            let intact = try #require(reports.first { $0["profile"] as? String == "other" })
            #expect(intact["loggedIn"] as? Bool == true)
        }
    }

    @Test func aStoredNegativeRotationTimeIsRefused() async throws {
        try await withSandbox(sandbox) { server in
            try #require(try login(server).status == 0)
            try editStoredDocument("refreshTokenRotatedAt", -1)
            let status = try cli.run(["status"], sandbox: server)
            #expect(status.status == 4, "\(status.stderr)")
            #expect(status.stdout.contains("refreshTokenRotatedAt"), "\(status.stdout)")
        }
    }

    @Test func aKeyringItemWithAHugeFamilyStartIsRefusedWithoutACrash() async throws {
        try await withSandbox(sandbox) { server in
            try #require(try login(server, storage: "keyring").status == 0)
            let item = ["service", "csm-auth", "profile", cli.profile]
            defer { _ = try? ChildProcess.run("secret-tool", ["clear"] + item) }
            let lookup = try ChildProcess.run("secret-tool", ["lookup"] + item)
            var document = try #require(
                try JSONSerialization.jsonObject(with: Data(lookup.stdout.utf8)) as? [String: Any])
            document["refreshTokenFamilyStartedAt"] = 1e19
            // Replaced by hand with secret-tool, as a person with a keyring browser could.
            _ = try ChildProcess.run("secret-tool", ["clear"] + item)
            let stored = try ChildProcess.run(
                "secret-tool", ["store", "--label=edited"] + item,
                input: String(decoding: try JSONSerialization.data(withJSONObject: document), as: UTF8.self))
            try #require(stored.status == 0, "\(stored.stderr)")
            let off: [String: String?] = ["CSM_AUTH_KERNEL_CACHE": "0"]
            for command in [["status"], ["token"]] {
                let result = try cli.run(command, sandbox: server, environment: off)
                let said = command == ["status"] ? result.stdout : result.stderr
                #expect(result.status == 4, "\(command): \(result.stderr)")
                #expect(said.split(separator: "\n").count == 1, "\(command): \(said)")
                #expect(said.contains("refreshTokenFamilyStartedAt"), "\(command): \(said)")
            }
        }
    }

    // MARK: - Tokens that are not tokens

    @Test func anAccessTokenWithALineBreakIsABadResponse() async throws {
        try await withSandbox(sandbox) { server in
            let token = try loggedIn(server, then: .init(accessToken: "abc\r\nX-Injected: 1"))
            let refresh = try cli.run(["refresh"], sandbox: server)
            expectBadResponse(refresh, naming: "access_token")
            #expect(!refresh.stderr.contains("X-Injected"))
            try expectPreviousLoginIntact(server, token: token)
            #expect(!cli.allFileContents().contains("X-Injected"))
        }
    }

    @Test func anAccessTokenWithAnEscapeSequenceAtLoginIsABadResponse() async throws {
        try await withSandbox(sandbox) { server in
            let token = try loggedIn(server, then: .init(accessToken: "abc\u{1B}]0;owned\u{07}"))
            let login = try login(server)
            expectBadResponse(login, naming: "access_token")
            #expect(!login.stderr.contains("owned"))
            try expectPreviousLoginIntact(server, token: token)
        }
    }

    @Test func anAccessTokenWithASpaceIsABadResponse() async throws {
        try await withSandbox(sandbox) { server in
            let token = try loggedIn(server, then: .init(accessToken: "abc def"))
            expectBadResponse(try cli.run(["refresh"], sandbox: server), naming: "access_token")
            try expectPreviousLoginIntact(server, token: token)
        }
    }

    @Test func aRefreshTokenWithALineBreakIsABadResponse() async throws {
        try await withSandbox(sandbox) { server in
            let token = try loggedIn(server, then: .init(refreshToken: "r\nX-Injected: 1"))
            expectBadResponse(try cli.run(["refresh"], sandbox: server), naming: "refresh_token")
            try expectPreviousLoginIntact(server, token: token)
            #expect(!cli.allFileContents().contains("X-Injected"))
        }
    }

    @Test func aScopeWithALineBreakIsABadResponse() async throws {
        try await withSandbox(sandbox) { server in
            let token = try loggedIn(server, then: .init(scope: "read:me\n[evil]\nauth_url = http://127.0.0.1:1"))
            expectBadResponse(try login(server), naming: "scope")
            try expectPreviousLoginIntact(server, token: token)
            #expect(!cli.allFileContents().contains("[evil]"))
        }
    }

    @Test func aTokenTypeOtherThanBearerIsABadResponse() async throws {
        try await withSandbox(sandbox) { server in
            let token = try loggedIn(server, then: .init(tokenType: "mac"))
            expectBadResponse(try cli.run(["refresh"], sandbox: server), naming: "token_type")
            try expectPreviousLoginIntact(server, token: token)
        }
    }

    @Test func aStoredAccessTokenWithALineBreakIsNeitherPrintedNorSent() async throws {
        try await withSandbox(sandbox) { server in
            try #require(try login(server).status == 0)
            try editStoredDocument("accessToken", "abc\r\nX-Injected: 1")
            let off: [String: String?] = ["CSM_AUTH_KERNEL_CACHE": "0"]
            for command in [["header"], ["token"], ["api", "organization/1"]] {
                let result = try cli.run(command, sandbox: server, environment: off)
                #expect(result.status == 4, "\(command): \(result.stderr)")
                #expect(!result.stdout.contains("X-Injected"), "\(command)")
                #expect(result.stderr.contains("accessToken"), "\(command): \(result.stderr)")
                #expect(!result.stderr.contains("X-Injected"), "\(command)")
            }
        }
    }

    @Test func anAPITokenWithAnEscapeSequenceIsRefusedAtLogin() async throws {
        try await withSandbox(SandboxConfiguration()) { server in
            // The store would refuse to read it back, and `token` would print it to a terminal.
            let login = try cli.run(
                [
                    "login", "--basic", "--site", server.sites[0].url, "--email", SandboxUser.agent.email, "--storage",
                    "file",
                ],
                sandbox: server, input: SandboxUser.agent.apiToken + "\u{1B}[2J\n")
            #expect(login.status == 64, "\(login.stderr)")
            #expect(login.stderr.split(separator: "\n").count == 1, "\(login.stderr)")
            #expect(!FileManager.default.fileExists(atPath: credentialsFile))
        }
    }

    @Test func aTokenBeyondASCIIInTheEnvironmentIsRefused() throws {
        // U+202E (right-to-left override) would reorder what a terminal shows after it.
        let result = try cli.run(["token"], environment: ["CSM_AUTH_TOKEN": "abc\u{202E}def"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
