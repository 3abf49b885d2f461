import CSMSandbox
import Foundation
import TestSupport
import Testing

/// `csm-auth api` end to end against the sandbox's CSM API.
@Suite(.blocking) struct APICommandTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
    }

    func login(_ server: SandboxServer, storage: String = "keyring") throws {
        cli.extraEnvironment["BROWSER"] = try cli.script("browser", #"exec curl -sS -L -o /dev/null "$1""#)
        let login = try cli.run(
            ["login", "--storage", storage, "--callback-url", cli.callbackURL, "--timeout", "30"], sandbox: server)
        try #require(login.status == 0, "\(login.stderr)")
    }

    var sandbox: SandboxConfiguration { SandboxConfiguration(clients: [cli.sandboxClient], autoApprove: true) }

    @Test func shortAndFullPathsReachTheSameResource() async throws {
        try await withSandbox(sandbox) { server in
            try login(server)
            let short = try cli.run(["api", "organization/1"], sandbox: server)
            let full = try cli.run(["api", "/api/v1/organization/1"], sandbox: server)
            #expect(short.status == 0, "\(short.stderr)")
            #expect(short.stdout == full.stdout)
            let object = try #require(JSONSerialization.jsonObject(with: Data(short.stdout.utf8)) as? [String: Any])
            #expect(object["id"] as? String == "1")
            #expect(short.stderr.isEmpty)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func errorStatusPrintsTheBodyAndExitsOne() async throws {
        try await withSandbox(sandbox) { server in
            try login(server)
            let missing = try cli.run(["api", "organization/999999"], sandbox: server)
            #expect(missing.status == 1)
            #expect(!missing.stdout.isEmpty)
            #expect(missing.stderr.contains("404"))
            #expect(missing.stderr.split(separator: "\n").count == 1)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    /// Atlassian refuses the detail-field definitions to a service desk administrator (they need the
    /// Administer Jira global permission): `api` prints the answer and exits 1 with one line naming the 403.
    @Test func aServiceDeskAdministratorIsRefusedTheFieldDefinitions() async throws {
        var configuration = sandbox
        configuration.defaultUserEmail = SandboxUser.serviceDeskAdministrator.email
        try await withSandbox(configuration) { server in
            try login(server)
            let refused = try cli.run(["api", "customer/details"], sandbox: server)
            #expect(refused.status == 1)
            #expect(refused.stdout.contains("Administer Jira"))
            #expect(refused.stderr.contains("403"))
            #expect(refused.stderr.split(separator: "\n").count == 1)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    /// The ids of every item in the pages `api --paginate` printed, one JSON page per line.
    func itemIDs(inPages output: String) throws -> [String] {
        try output.split(separator: "\n").flatMap { line -> [String] in
            let page = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let items = try #require(page["results"] as? [[String: Any]])
            return items.compactMap { $0["id"] as? String }
        }
    }

    @Test func paginateFollowsACursorThroughEveryPage() async throws {
        var configuration = sandbox
        configuration.pageSize = 2
        try await withSandbox(configuration) { server in
            try login(server)
            let pages = try cli.run(["api", "--paginate", "product"], sandbox: server)
            #expect(pages.status == 0, "\(pages.stderr)")
            // Three seeded products at two a page: two pages, each on its own line.
            #expect(pages.stdout.split(separator: "\n").count == 2)
            #expect(try itemIDs(inPages: pages.stdout).count == 3)
            #expect(Set(try itemIDs(inPages: pages.stdout)).count == 3)
            let one = try cli.run(["api", "product"], sandbox: server)
            #expect(one.stdout.split(separator: "\n").count == 1)
            #expect(one.stdout.contains("nextPageCursor"))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func paginateRepeatsASearchsBodyOnEveryPage() async throws {
        var configuration = sandbox
        configuration.pageSize = 2
        configuration.syntheticCustomers = 9
        try await withSandbox(configuration) { server in
            try login(server)
            // Region EU: synthetic customers 1, 4 and 7, and the seeded EU customers.
            let pages = try cli.run(
                [
                    "api", "--paginate", "customer/search-by-detail-field", "-d",
                    #"{"detailFields":[{"name":"Region","value":"EU"}]}"#,
                ],
                sandbox: server)
            #expect(pages.status == 0, "\(pages.stderr)")
            let ids = try itemIDs(inPages: pages.stdout)
            #expect(pages.stdout.split(separator: "\n").count == (ids.count + 1) / 2)
            #expect(Set(ids).isSuperset(of: ["qm:synthetic-000001", "qm:synthetic-000004", "qm:synthetic-000007"]))
            #expect(!ids.contains("qm:synthetic-000002"))
            #expect(Set(ids).count == ids.count)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func paginationThatLoopsStops() throws {
        let server = try HostileServer(cloudID: "c1")
        let result = try cli.run(
            ["api", "loop", "--paginate"],
            environment: ["CSM_AUTH_TOKEN": "t", "CSM_AUTH_CLOUD_ID": "c1", "CSM_AUTH_API_URL": server.baseURL])
        #expect(result.status == 1)
        #expect(result.stderr.contains("already fetched"))
    }

    @Test func dataFromStandardInputIsPosted() async throws {
        try await withSandbox(sandbox) { server in
            try login(server)
            let created = try cli.run(
                ["api", "customer/details", "--data", "@-", "--include"], sandbox: server,
                input: #"{"name":"Tier","type":{"name":"SELECT","options":["Gold","Silver"]}}"#)
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.hasPrefix("HTTP 201"))
            let fields = try cli.run(["api", "customer/details"], sandbox: server)
            #expect(fields.stdout.contains("\"Tier\""))
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func unauthorizedRefreshesOnceAndRetries() async throws {
        try await withSandbox(sandbox) { server in
            try login(server, storage: "file")
            // An access token the server does not know, still "valid" by its stored expiry.
            let path = cli.folder.path + "/data/csm-auth/credentials/\(cli.profile).json"
            var document = try #require(
                JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
            document["accessToken"] = "forged-token"
            try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: path))
            chmod(path, 0o600)
            server.resetStats()
            // The file was changed behind csm-auth's back, so the login's token is still in the
            // kernel cache: read the store instead, as a process would once that entry expires.
            let call = try cli.run(
                ["api", "organization/1"], sandbox: server, environment: ["CSM_AUTH_KERNEL_CACHE": "0"])
            #expect(call.status == 0, "\(call.stderr)")
            #expect(server.stats.refreshGrants == 1)
            #expect(server.stats.apiRequests == 2)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func rateLimitIsWaitedOutWithRetryAfter() async throws {
        try await withSandbox(sandbox) { server in
            try login(server)
            server.setFaults(SandboxFaults(rateLimit: .init(count: 1, retryAfter: 1)))
            server.resetStats()
            let call = try cli.run(["api", "organization/1"], sandbox: server)
            #expect(call.status == 0, "\(call.stderr)")
            #expect(server.stats.apiRequests == 2)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    /// `CSM_AUTH_TOKEN` for the sandbox's site: the rate limit answers before any credential check.
    func tokenEnvironment(_ server: SandboxServer, _ more: [String: String?] = [:]) -> [String: String?] {
        ["CSM_AUTH_TOKEN": "not-valid", "CSM_AUTH_CLOUD_ID": server.sites[0].cloudID].merging(more) { $1 }
    }

    @Test func aRetryAfterLongerThanTheMaximumFailsAtOnceAfterOneRequest() async throws {
        try await withSandbox(sandbox) { server in
            server.setFaults(
                SandboxFaults(rateLimit: .init(count: 1, retryAfter: 3600, reason: "jira-quota-tenant-based")))
            let started = ContinuousClock.now
            let call = try cli.run(["api", "organization/1"], sandbox: server, environment: tokenEnvironment(server))
            // Not the hour asked for, nor a minute of early retries.
            #expect(ContinuousClock.now - started < .seconds(30))
            #expect(call.status == 1)
            #expect(server.stats.apiRequests == 1)
            let lines = call.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(call.stderr)")
            #expect(call.stderr.contains("3600 s"))
            #expect(call.stderr.contains("CSM_AUTH_MAX_RETRY_WAIT"))
            #expect(call.stderr.contains("jira-quota-tenant-based"))
            #expect(call.stdout.contains("Rate limit exceeded"))
        }
    }

    @Test func aWaitWithinTheMaximumRetryWaitIsHonoured() async throws {
        try await withSandbox(sandbox) { server in
            server.setFaults(SandboxFaults(rateLimit: .init(count: 1, retryAfter: 2)))
            let call = try cli.run(
                ["api", "/api/v1/customer/nosuch"], sandbox: server,
                environment: tokenEnvironment(server, ["CSM_AUTH_MAX_RETRY_WAIT": "2"]))
            #expect(
                call.stderr.contains("HTTP 429: waiting 2.0 s as Retry-After asks (retry 1 of 3)"), "\(call.stderr)")
            // The retry came after the wait: answered by the API (a 401 to the token), not refused again.
            #expect(server.stats.rateLimited == 1)
            #expect(server.stats.apiRequests == 2)
        }
    }

    @Test func aWaitLongerThanTheMaximumRetryWaitSetFailsAtOnce() async throws {
        try await withSandbox(sandbox) { server in
            server.setFaults(SandboxFaults(rateLimit: .init(count: 1, retryAfter: 2)))
            let call = try cli.run(
                ["api", "organization/1"], sandbox: server,
                environment: tokenEnvironment(server, ["CSM_AUTH_MAX_RETRY_WAIT": "1"]))
            #expect(call.status == 1)
            #expect(call.stderr.contains("asks to wait 2 s, longer than the 1 s accepted"), "\(call.stderr)")
            #expect(server.stats.apiRequests == 1)
        }
    }

    @Test(arguments: ["abc", "-1", "nan", "1e9", "60s"])
    func anInvalidMaximumRetryWaitIsAUsageError(value: String) throws {
        let call = try cli.run(
            ["api", "organization/1"],
            environment: [
                "CSM_AUTH_TOKEN": "t", "CSM_AUTH_CLOUD_ID": "c1", "CSM_AUTH_API_URL": "http://127.0.0.1:9",
                "CSM_AUTH_MAX_RETRY_WAIT": value,
            ])
        #expect(call.status == 64)
        #expect(call.stderr.split(separator: "\n").count == 1)
        #expect(call.stderr.contains("CSM_AUTH_MAX_RETRY_WAIT"))
    }

    @Test func aRateLimitWithNeitherHeaderBacksOffAndSucceeds() async throws {
        try await withSandbox(sandbox) { server in
            try login(server)
            server.setFaults(SandboxFaults(rateLimit: .init(count: 2, bare: true)))
            server.resetStats()
            let call = try cli.run(["api", "organization/1"], sandbox: server)
            #expect(call.status == 0, "\(call.stderr)")
            #expect(call.stderr.contains("HTTP 429: waiting"))
            #expect(call.stderr.contains("before trying again (retry 2 of 3)"))
            #expect(server.stats.rateLimited == 2)
            #expect(server.stats.apiRequests == 3)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func paginateWarnsOnceThatAFullPageWithoutAMarkerMayNotBeTheEnd() throws {
        let server = try HostileServer(cloudID: "c1")
        let result = try cli.run(
            ["api", "unmarked?limit=2", "--paginate"],
            environment: ["CSM_AUTH_TOKEN": "t", "CSM_AUTH_CLOUD_ID": "c1", "CSM_AUTH_API_URL": server.baseURL])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count == 1)
        let warnings = result.stderr.split(separator: "\n").filter { $0.contains("may be incomplete") }
        #expect(warnings.count == 1, "\(result.stderr)")
    }

    @Test func malformedHeaderIsAUsageError() throws {
        #expect(try cli.run(["api", "organization/1", "-H", "no colon here"]).status == 64)
        #expect(try cli.run(["api", "organization/1", "-X", "GE T"]).status == 64)
    }

    @Test func fullURLInsteadOfAPathIsAUsageError() throws {
        let result = try cli.run(
            ["api", "https://example.com/x"], environment: ["CSM_AUTH_TOKEN": "t", "CSM_AUTH_CLOUD_ID": "c"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("path"))
    }

    @Test func apiWithATokenButNoCloudIdSaysToSetTheCloudId() throws {
        // No profile is involved, so `sites --select` could not help: the site comes with the token.
        let result = try cli.run(
            ["api", "organization/1"], environment: ["CSM_AUTH_TOKEN": "t", "CSM_AUTH_CLOUD_ID": nil])
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr
                == "csm-auth: CSM_AUTH_TOKEN is set but CSM_AUTH_CLOUD_ID is not: set CSM_AUTH_CLOUD_ID to the site's cloudId\n"
        )
    }

    @Test func envWithATokenButNoCloudIdSaysToSetTheCloudId() throws {
        let result = try cli.run(["env"], environment: ["CSM_AUTH_TOKEN": "t", "CSM_AUTH_CLOUD_ID": nil])
        #expect(result.status == 0)
        #expect(result.stdout.contains("CSM_ACCESS_TOKEN="))
        #expect(
            result.stderr
                == "csm-auth: warning: CSM_AUTH_TOKEN is set but CSM_AUTH_CLOUD_ID is not, so CSM_CLOUD_ID and CSM_API_BASE_URL are not set (set CSM_AUTH_CLOUD_ID to the site's cloudId)\n"
        )
    }
}

/// `csm-auth api`'s own headers and redirects, against a loopback server that shows what it got.
@Suite(.blocking) struct APIRequestTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
    }

    /// The `Authorization` values a request carried, from the echoing server's answer.
    func authorizations(in output: String) throws -> [String] {
        let object = try #require(JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: [String]])
        return try #require(object["authorization"])
    }

    @Test func ownAuthorizationHeaderReplacesTheCredentials() throws {
        let server = try EchoingServer()
        for name in ["Authorization", "authorization"] {
            let call = try cli.run(
                ["api", "organization/1", "-H", "\(name): Bearer my-own"], environment: server.environment())
            #expect(call.status == 0, "\(call.stderr)")
            #expect(try authorizations(in: call.stdout) == ["Bearer my-own"], "\(name)")
        }
        let plain = try cli.run(["api", "organization/1"], environment: server.environment())
        #expect(try authorizations(in: plain.stdout) == ["Bearer profile-token"])
    }

    @Test func unauthorizedAnswerToOwnAuthorizationRefreshesNothing() async throws {
        try await withSandbox(SandboxConfiguration(clients: [cli.sandboxClient], autoApprove: true)) { server in
            let login = try cli.browserLogin(server)
            try #require(login.status == 0, "\(login.stderr)")
            server.resetStats()
            let call = try cli.run(
                ["api", "organization/1", "-H", "Authorization: Bearer not-a-token"], sandbox: server)
            #expect(call.status == 1)
            #expect(call.stderr.contains("HTTP 401"), "\(call.stderr)")
            #expect(server.stats.refreshGrants == 0)
            #expect(server.stats.apiRequests == 1)
            _ = try cli.run(["logout"], sandbox: server)
        }
    }

    @Test func redirectIsNotFollowedAndExitsOne() throws {
        let server = try EchoingServer()
        let call = try cli.run(
            ["api", "moved?to=https://elsewhere.example:8443/x"], environment: server.environment())
        #expect(call.status == 1)
        // The redirect's own body, as for any failed answer.
        #expect(try authorizations(in: call.stdout) == ["Bearer profile-token"])
        #expect(
            call.stderr
                == "csm-auth: GET moved?to=https://elsewhere.example:8443/x answered HTTP 302: redirect to elsewhere.example:8443 not followed\n"
        )
    }

    /// A 304 answers the caller's own conditional request (`-H 'If-None-Match: …'`): a success.
    @Test func notModifiedIsASuccess() throws {
        let server = try EchoingServer()
        let call = try cli.run(
            ["api", "-H", #"If-None-Match: "v1""#, "unmodified"], environment: server.environment())
        #expect(call.status == 0, "\(call.stderr)")
        #expect(call.stderr.isEmpty)
    }

    @Test func redirectWithoutALocationSaysItsStatus() throws {
        let server = try EchoingServer()
        let call = try cli.run(["api", "moved"], environment: server.environment())
        #expect(call.status == 1)
        #expect(!call.stdout.isEmpty)
        #expect(call.stderr == "csm-auth: GET moved answered HTTP 302\n")
    }
}
