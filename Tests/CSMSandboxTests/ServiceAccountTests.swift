import CSMSandbox
import Foundation
import TestSupport
import Testing

/// The sandbox's service accounts: client credentials grants, scopes, roles, revocation.
@Suite(.blocking) struct ServiceAccountGrantTests {
    let account = SandboxServiceAccount(id: "bot", secret: "bot-secret")

    func token(_ server: SandboxServer, _ body: String) throws -> (status: Int, json: [String: Any]) {
        let result = try ChildProcess.run(
            "curl",
            [
                "-s", "-w", "\n%{http_code}", "-H", "Content-Type: application/json", "-d", body,
                server.baseURL + "/oauth/token",
            ])
        let lines = result.stdout.split(separator: "\n")
        let json = (try? JSONSerialization.jsonObject(with: Data((lines.first ?? "").utf8))) as? [String: Any] ?? [:]
        return (Int(lines.last ?? "") ?? 0, json)
    }

    @Test func clientCredentialsGrantGivesAnHourAndNoRefreshToken() async throws {
        try await withSandbox(SandboxConfiguration(serviceAccounts: [account])) { server in
            let answer = try token(
                server, #"{"grant_type":"client_credentials","client_id":"bot","client_secret":"bot-secret"}"#)
            #expect(answer.status == 200)
            #expect(answer.json["expires_in"] as? Int == 3600)
            #expect(answer.json["refresh_token"] == nil)
            #expect(server.stats.clientCredentialsGrants == 1)
        }
    }

    @Test func wrongSecretIsUnauthorized() async throws {
        try await withSandbox(SandboxConfiguration(serviceAccounts: [account])) { server in
            let answer = try token(
                server, #"{"grant_type":"client_credentials","client_id":"bot","client_secret":"nope"}"#)
            #expect(answer.status == 401)
            #expect(answer.json["error"] as? String == "access_denied")
        }
    }

    @Test func scopeBeyondTheCredentialIsInvalidScope() async throws {
        try await withSandbox(SandboxConfiguration(serviceAccounts: [account])) { server in
            let answer = try token(
                server,
                #"{"grant_type":"client_credentials","client_id":"bot","client_secret":"bot-secret","scope":"manage:jira-configuration"}"#
            )
            #expect(answer.status == 400)
            #expect(answer.json["error"] as? String == "invalid_scope")
        }
    }

    @Test func controlEndpointAddsAndRevokesAccounts() async throws {
        try await withSandbox(SandboxConfiguration()) { server in
            let add = try ChildProcess.run(
                "curl",
                [
                    "-s", "-o", "/dev/null", "-w", "%{http_code}", "-d",
                    #"{"id":"late","secret":"late-secret","role":"jiraAdministrator"}"#,
                    server.baseURL + "/_sandbox/service-accounts",
                ])
            #expect(add.stdout == "201")
            let answer = try token(
                server, #"{"grant_type":"client_credentials","client_id":"late","client_secret":"late-secret"}"#)
            let accessToken = try #require(answer.json["access_token"] as? String)
            let api = server.apiBaseURL() + "/customer/details"
            let before = try ChildProcess.run(
                "curl",
                ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer \(accessToken)", api])
            #expect(before.stdout == "200")
            let delete = try ChildProcess.run(
                "curl",
                [
                    "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "DELETE",
                    server.baseURL + "/_sandbox/service-accounts/late",
                ])
            #expect(delete.stdout == "204")
            let after = try ChildProcess.run(
                "curl",
                ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer \(accessToken)", api])
            #expect(after.stdout == "401")
        }
    }

    @Test func anAccountIdWithAControlCharacterIsRefused() async throws {
        #expect(SandboxServiceAccount(argument: "ci\u{1B}[31mbot:secret") == nil)
        #expect(SandboxServiceAccount(argument: "ci\nFAKE:secret") == nil)
        #expect(SandboxServiceAccount(argument: "ci bot:secret") == nil)
        #expect(SandboxServiceAccount(argument: "ci-bot:s:e:c")?.id == "ci-bot")
        try await withSandbox(SandboxConfiguration()) { server in
            let add = try ChildProcess.run(
                "curl",
                [
                    "-s", "-o", "/dev/null", "-w", "%{http_code}", "-d", #"{"id":"x\ny","secret":"s"}"#,
                    server.baseURL + "/_sandbox/service-accounts",
                ])
            #expect(add.stdout == "400")
        }
    }

    @Test func infoListsServiceAccountsWithoutSecrets() async throws {
        let admin = SandboxServiceAccount(id: "admin-bot", secret: "admin-bot-secret", role: .jiraAdministrator)
        try await withSandbox(SandboxConfiguration(serviceAccounts: [account, admin])) { server in
            server.addServiceAccount(SandboxServiceAccount(id: "added", secret: "added-secret", scopes: ["read:me"]))
            server.revokeServiceAccount(id: "admin-bot")
            let answer = try await Curl.request(server.baseURL + "/_sandbox/info")
            let accounts = try answer.jsonObject()["serviceAccounts"] as? [[String: Any]] ?? []
            #expect(accounts.map { $0["id"] as? String } == ["added", "bot"])
            #expect(accounts.map { $0["role"] as? String } == ["agent", "agent"])
            #expect(accounts.first?["scopes"] as? [String] == ["read:me"])
            #expect(accounts.last?["scopes"] as? [String] == SandboxServiceAccount.defaultScopes)
            #expect(!answer.body.contains("secret"), "\(answer.body)")
        }
    }

    @Test func serviceAccountArgumentNeedsIDAndSecret() {
        #expect(SandboxServiceAccount(argument: "id:secret")?.secret == "secret")
        #expect(SandboxServiceAccount(argument: "id:with:colon")?.secret == "with:colon")
        #expect(SandboxServiceAccount(argument: "nocolon") == nil)
        #expect(SandboxServiceAccount(argument: ":secret") == nil)
        #expect(SandboxServiceAccount(argument: "id:") == nil)
    }
}
