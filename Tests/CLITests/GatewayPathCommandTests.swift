import CSMSandbox
import Foundation
import TestSupport
import Testing

/// `csm-auth api` with gateway paths (`/ex/…`, `/jsm/…`) and full URLs, through the built binary.
@Suite(.blocking) struct GatewayPathCommandTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
    }

    func login(_ server: SandboxServer, scopes: [String] = []) throws {
        cli.extraEnvironment["BROWSER"] = try cli.script("browser", #"exec curl -sS -L -o /dev/null "$1""#)
        let login = try cli.run(
            ["login", "--storage", "file", "--callback-url", cli.callbackURL, "--timeout", "30"]
                + scopes.flatMap { ["--scope", $0] }, sandbox: server)
        try #require(login.status == 0, "\(login.stderr)")
    }

    var sandbox: SandboxConfiguration { SandboxConfiguration(clients: [cli.sandboxClient], autoApprove: true) }

    @Test func aJiraPlatformPathReachesMyselfThroughTheGateway() async throws {
        try await withSandbox(sandbox) { server in
            try login(server, scopes: ["read:jira-user"])
            let call = try cli.run(["api", "/ex/jira/{cloudId}/rest/api/3/myself"], sandbox: server)
            #expect(call.status == 0, "\(call.stderr)")
            let object = try #require(JSONSerialization.jsonObject(with: Data(call.stdout.utf8)) as? [String: Any])
            #expect(object["accountId"] as? String == SandboxUser.jiraAdministrator.accountID)
            #expect(call.stderr.isEmpty)
        }
    }

    @Test func aJiraPathWithoutTheScopeAnswersScopeDoesNotMatch() async throws {
        try await withSandbox(sandbox) { server in
            try login(server, scopes: ["read:customer:jira-service-management"])
            let call = try cli.run(["api", "/ex/jira/{cloudId}/rest/api/3/myself"], sandbox: server)
            #expect(call.status == 1)
            #expect(call.stdout.contains("scope does not match"))
            #expect(call.stderr.contains("HTTP 401"), "\(call.stderr)")
        }
    }

    @Test func aJSMPathIsResolvedFromTheGatewayRoot() async throws {
        try await withSandbox(sandbox) { server in
            try login(server)
            let root = try cli.run(["api", "/jsm/csm/cloudid/{cloudId}/api/v1/organization/1"], sandbox: server)
            let short = try cli.run(["api", "organization/1"], sandbox: server)
            #expect(root.status == 0, "\(root.stderr)")
            #expect(root.stdout == short.stdout)
        }
    }

    @Test func aFullURLUnderTheAPIURLIsAcceptedWithTheCredential() async throws {
        try await withSandbox(sandbox) { server in
            try login(server)
            let full = try cli.run(
                ["api", server.baseURL + "/jsm/csm/cloudid/{cloudId}/api/v1/organization/1"], sandbox: server)
            let short = try cli.run(["api", "organization/1"], sandbox: server)
            #expect(full.status == 0, "\(full.stderr)")
            #expect(full.stdout == short.stdout)
        }
    }

    @Test func aFullURLOutsideTheGatewayIsRefusedBeforeAnyConnection() throws {
        let listener = try SilentListener()
        let gateway = listener.baseURL + "/gateway"
        let environment: [String: String?] = [
            "CSM_AUTH_TOKEN": "a-secret-token", "CSM_AUTH_CLOUD_ID": "c1", "CSM_AUTH_API_URL": gateway,
        ]
        let outside = [
            listener.baseURL + "/other/ex/jira/c1/rest/api/3/myself",
            listener.baseURL + "/gatewayx/ex/jira/c1/rest/api/3/myself",
            "http://localhost:\(listener.port)/gateway/ex/jira/c1/rest/api/3/myself",
            "http://someone@127.0.0.1:\(listener.port)/gateway/ex/jira/c1/rest/api/3/myself",
            "https://127.0.0.1:\(listener.port)/gateway/ex/jira/c1/rest/api/3/myself",
            "//127.0.0.1:\(listener.port)/gateway/ex/jira/c1/rest/api/3/myself",
        ]
        for url in outside {
            let call = try cli.run(["api", url], environment: environment)
            #expect(call.status == 64, "\(url): \(call.stderr)")
            #expect(call.stderr.split(separator: "\n").count == 1, "\(url)")
            #expect(call.stderr.contains("only under the API gateway"), "\(url)")
            #expect(call.stdout.isEmpty)
        }
        #expect(!listener.wasConnected)
    }
}

/// `csm-auth api --paginate` through JSM's pages and the example script that raises a request.
@Suite(.blocking) struct ServiceDeskCommandTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
    }

    /// Logs in with the scopes of the JSM calls and of the CSM customer search.
    func login(_ server: SandboxServer) throws {
        cli.extraEnvironment["BROWSER"] = try cli.script("browser", #"exec curl -sS -L -o /dev/null "$1""#)
        let scopes = [
            "read:customer:jira-service-management", "read:servicedesk-request", "write:servicedesk-request",
            "manage:servicedesk-customer",
        ]
        let login = try cli.run(
            ["login", "--storage", "file", "--callback-url", cli.callbackURL, "--timeout", "30"]
                + scopes.flatMap { ["--scope", $0] }, sandbox: server)
        try #require(login.status == 0, "\(login.stderr)")
    }

    @Test func paginateFollowsJSMsNextLinksUnderTheGateway() async throws {
        let configuration = SandboxConfiguration(clients: [cli.sandboxClient], autoApprove: true, pageSize: 1)
        try await withSandbox(configuration) { server in
            try login(server)
            let call = try cli.run(
                ["api", "--paginate", "/ex/jira/{cloudId}/rest/servicedeskapi/servicedesk/1/requesttype"],
                sandbox: server)
            #expect(call.status == 0, "\(call.stderr)")
            let names = try call.stdout.split(separator: "\n").flatMap { line in
                let page = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                return (page["values"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            }
            #expect(names == ["Get help", "Report a bug"])
        }
    }

    @Test func paginateFollowsJSMsNextLinksFromAFullURL() async throws {
        let configuration = SandboxConfiguration(clients: [cli.sandboxClient], autoApprove: true, pageSize: 1)
        try await withSandbox(configuration) { server in
            try login(server)
            let cloudID = try #require(server.sites.first?.cloudID)
            let call = try cli.run(
                [
                    "api", "--paginate",
                    "\(server.baseURL)/ex/jira/\(cloudID)/rest/servicedeskapi/servicedesk/1/requesttype",
                ],
                sandbox: server)
            #expect(call.status == 0, "\(call.stderr)")
            let names = try call.stdout.split(separator: "\n").flatMap { line in
                let page = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                return (page["values"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            }
            #expect(names == ["Get help", "Report a bug"])
        }
    }

    @Test func theExampleScriptRaisesARequestForACustomerFoundThroughTheCSMAPI() async throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: "contrib/examples/raise-request-for-customer.sh").path
        try await withSandbox(SandboxConfiguration(clients: [cli.sandboxClient], autoApprove: true)) { server in
            try login(server)
            let run = try cli.shell(
                #"PATH="$(dirname "$CSM"):$PATH" sh "$SCRIPT" Region US 'Renewal "call"'"#, sandbox: server,
                environment: ["SCRIPT": script])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout == "CS-2\n")
            let request = try cli.run(["api", "/ex/jira/{cloudId}/rest/servicedeskapi/request/CS-2"], sandbox: server)
            let object = try #require(JSONSerialization.jsonObject(with: Data(request.stdout.utf8)) as? [String: Any])
            let reporter = try #require(object["reporter"] as? [String: Any])
            #expect(reporter["accountId"] as? String == APILoginIDs.bob)
        }
    }
}

/// Seeded ids of docs/sandbox.md that the command tests name.
enum APILoginIDs {
    /// Bob Martin, the seeded customer whose Region is US.
    static let bob = "qm:5f0c1d2e-7a31-4c55-9d1e-000000000102"
}
