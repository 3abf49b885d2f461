import CSMSandbox
import Foundation
import TestSupport
import Testing

/// The `csm-sandbox` binary, run as a child process and driven by clients nobody here wrote.
@Suite(.blocking) struct ExecutableTests {
    @Test func firstLineIsTheListeningLineAndSIGTERMExitsZero() async throws {
        let sandbox = try SandboxProcess(["--port", "0"])
        let line = try await sandbox.firstLine()
        #expect(line.wholeMatch(of: /csm-sandbox listening on http:\/\/127\.0\.0\.1:[1-9][0-9]*/) != nil, "\(line)")
        let answer = try await Curl.request(
            String(line.dropFirst("csm-sandbox listening on ".count)) + "/_edge/tenant_info")
        #expect(answer.status == 200)
        #expect(await sandbox.stop(signal: SIGTERM) == 0)
    }

    /// A CI job started with `--service-account` finds its account, as a person finds the client
    /// and the users, both in the banner on stderr and in `/_sandbox/info`: every kind of
    /// credential the sandbox accepts is named there.
    @Test func bannerAndInfoNameEveryKindOfCredential() async throws {
        let sandbox = try SandboxProcess([
            "--port", "0", "--service-account", "ci-bot:ci-secret", "--service-account", "nightly:n-secret",
        ])
        let info = try await Curl.request(try await sandbox.baseURL() + "/_sandbox/info").jsonObject()
        #expect(await sandbox.stop() == 0)
        let banner = sandbox.readStderr()

        #expect(banner.contains("csm-sandbox: client: csm-sandbox-client "), "\(banner)")
        for user in SandboxUser.seeded {
            #expect(
                banner.contains("csm-sandbox: user: \(user.email) (\(user.role.rawValue)), API token \(user.apiToken)"))
        }
        for id in ["ci-bot", "nightly"] {
            #expect(
                banner.contains("csm-sandbox: service account: \(id) (agent), for grant_type=client_credentials"),
                "\(banner)")
        }
        #expect(!banner.contains("ci-secret") && !banner.contains("n-secret"), "\(banner)")

        let clients = info["clients"] as? [[String: Any]] ?? []
        #expect(clients.map { $0["id"] as? String } == ["csm-sandbox-client"])
        let users = info["users"] as? [[String: Any]] ?? []
        #expect(users.map { $0["email"] as? String } == SandboxUser.seeded.map(\.email))
        let accounts = info["serviceAccounts"] as? [[String: Any]] ?? []
        #expect(accounts.map { $0["id"] as? String } == ["ci-bot", "nightly"])
        #expect(accounts.allSatisfy { $0["role"] as? String == "agent" && $0["secret"] == nil })
    }

    @Test func sigintExitsZero() async throws {
        let sandbox = try SandboxProcess(["--port", "0"])
        _ = try await sandbox.baseURL()
        #expect(await sandbox.stop(signal: SIGINT) == 0)
    }

    @Test func nonLoopbackHostIsAUsageError() async throws {
        let sandbox = try SandboxProcess(["--host", "0.0.0.0", "--port", "0"])
        #expect(await sandbox.exitStatus() == 64)
        let stderr = sandbox.readStderr()
        #expect(stderr.split(separator: "\n").count == 1, "\(stderr)")
        #expect(stderr.contains("--allow-remote"))
    }

    @Test(arguments: ["0", "1001"])
    func aPageSizeOutsideOneToAThousandIsAUsageError(size: String) async throws {
        let sandbox = try SandboxProcess(["--port", "0", "--page-size", size])
        #expect(await sandbox.exitStatus() == 64)
        #expect(sandbox.readStderr().split(separator: "\n").count == 1)
    }

    @Test func aPageSizeThatIsNotANumberIsAUsageError() async throws {
        let sandbox = try SandboxProcess(["--port", "0", "--page-size", "x"])
        #expect(await sandbox.exitStatus() == 64)
        #expect(sandbox.readStderr().contains("--page-size"))
    }

    @Test func tooManySyntheticCustomersIsAUsageError() async throws {
        let sandbox = try SandboxProcess(["--port", "0", "--synthetic-customers", "1000001"])
        #expect(await sandbox.exitStatus() == 64)
        #expect(sandbox.readStderr().contains("--synthetic-customers"))
    }

    @Test func aNegativeBulkTaskDelayIsAUsageError() async throws {
        let sandbox = try SandboxProcess(["--port", "0", "--bulk-task-delay", "-1"])
        #expect(await sandbox.exitStatus() == 64)
        #expect(sandbox.readStderr().contains("--bulk-task-delay"))
    }

    @Test func clientIDWithoutSecretIsAUsageError() async throws {
        let sandbox = try SandboxProcess(["--port", "0", "--client-id", "x"])
        #expect(await sandbox.exitStatus() == 64)
    }

    @Test func busyPortFailsNamingThePort() async throws {
        try await withSandbox { server async throws in
            let sandbox = try SandboxProcess(["--port", String(server.port)])
            #expect(await sandbox.exitStatus() == 1)
            let stderr = sandbox.readStderr()
            #expect(stderr.contains(":\(server.port)"), "\(stderr)")
            #expect(stderr.split(separator: "\n").count == 1, "\(stderr)")
        }
    }

    @Test func autoApproveRedirectsAtOnceWithCurl() async throws {
        let sandbox = try SandboxProcess(["--port", "0", "--auto-approve", "--user", "agent@sandbox.example"])
        let base = try await sandbox.baseURL()
        let query =
            "audience=api.atlassian.com&client_id=csm-sandbox-client&scope=offline_access%20read%3Ame"
            + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A8976%2Fcallback&state=xyz&response_type=code&prompt=consent"
        let answer = try await Curl.request(base + "/authorize?" + query)
        #expect(answer.status == 302)
        #expect(answer.headers["location"]?.hasPrefix("http://127.0.0.1:8976/callback?code=") == true)
        #expect(answer.locationQuery["state"] == "xyz")
        #expect(await sandbox.stop() == 0)
    }

    /// Python's `requests` walks the whole flow against the binary: consent form, code exchange,
    /// sites, tenant_info, the CSM API, rotation, the reuse interval and family revocation, Basic auth.
    @Test func pythonRequestsWalksTheWholeFlow() async throws {
        let sandbox = try SandboxProcess(["--port", "0", "--sites", "2", "--reuse-interval", "0.5"])
        let base = try await sandbox.baseURL()

        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", Self.script, base]
        let output = Pipe()
        let errors = Pipe()
        python.standardOutput = output
        python.standardError = errors
        try python.run()
        let (stdout, stderr) = await withCheckedContinuation {
            (continuation: CheckedContinuation<(String, String), Never>) in
            DispatchQueue.global().async {
                let out = output.fileHandleForReading.readDataToEndOfFile()
                let err = errors.fileHandleForReading.readDataToEndOfFile()
                python.waitUntilExit()
                continuation.resume(
                    returning: (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self)))
            }
        }
        #expect(python.terminationStatus == 0, "python failed:\n\(stdout)\n\(stderr)")
        #expect(stdout.contains("FLOW OK"), "\(stdout)\n\(stderr)")
        #expect(await sandbox.stop() == 0)
    }

    static let script = #"""
        import base64, re, sys, time, urllib.parse
        import requests

        base = sys.argv[1]
        s = requests.Session()
        state = "st-" + str(time.time())
        scopes = ["offline_access", "read:me", "read:customer:jira-service-management",
                  "read:customer.detail-field:jira-service-management",
                  "read:organization:jira-service-management", "write:organization.detail:jira-service-management"]
        params = {"audience": "api.atlassian.com", "client_id": "csm-sandbox-client", "scope": " ".join(scopes),
                  "redirect_uri": "http://localhost:8976/callback", "state": state,
                  "response_type": "code", "prompt": "consent"}

        page = s.get(base + "/authorize", params=params, allow_redirects=False)
        assert page.status_code == 200, page.text
        assert "text/html" in page.headers["Content-Type"]
        consent = re.search(r'name="consent" value="([^"]+)"', page.text).group(1)
        assert 'name="site"' in page.text and 'id="accept"' in page.text and 'id="deny"' in page.text

        decision = s.post(base + "/authorize/decision", allow_redirects=False,
                          data={"consent": consent, "site": "globex", "user": "agent@sandbox.example", "decision": "accept"})
        assert decision.status_code == 302, decision.text
        location = urllib.parse.urlparse(decision.headers["Location"])
        assert location.netloc == "localhost:8976" and location.path == "/callback", location
        query = urllib.parse.parse_qs(location.query)
        assert query["state"] == [state], query
        code = query["code"][0]

        def token(body):
            body.update({"client_id": "csm-sandbox-client", "client_secret": "csm-sandbox-secret"})
            return s.post(base + "/oauth/token", json=body)

        exchanged = token({"grant_type": "authorization_code", "code": code, "redirect_uri": "http://localhost:8976/callback"})
        assert exchanged.status_code == 200, exchanged.text
        tokens = exchanged.json()
        assert tokens["token_type"] == "Bearer" and tokens["expires_in"] == 3600 and tokens["refresh_token"]
        assert token({"grant_type": "authorization_code", "code": code,
                      "redirect_uri": "http://localhost:8976/callback"}).status_code == 403

        # The replayed code revoked that grant; log in again through the form.
        page = s.get(base + "/authorize", params=params, allow_redirects=False)
        consent = re.search(r'name="consent" value="([^"]+)"', page.text).group(1)
        decision = s.post(base + "/authorize/decision", allow_redirects=False,
                          data={"consent": consent, "site": "globex", "user": "agent@sandbox.example", "decision": "accept"})
        code = urllib.parse.parse_qs(urllib.parse.urlparse(decision.headers["Location"]).query)["code"][0]
        tokens = token({"grant_type": "authorization_code", "code": code, "redirect_uri": "http://localhost:8976/callback"}).json()
        bearer = {"Authorization": "Bearer " + tokens["access_token"]}

        resources = s.get(base + "/oauth/token/accessible-resources", headers=bearer).json()
        ids = []
        for entry in resources:
            if entry["id"] not in ids:
                ids.append(entry["id"])
        assert len(resources) == 4 and len(ids) == 2, resources
        first = resources[0]
        assert first["name"] == "Globex Help", first
        tenant = s.get(first["url"] + "/_edge/tenant_info").json()
        assert tenant["cloudId"] == first["id"], tenant

        api = base + "/jsm/csm/cloudid/" + first["id"] + "/api/v1"
        fields = s.get(api + "/customer/details", headers=bearer)
        assert fields.status_code == 403, fields.text  # an agent: reading field definitions needs Administer Jira
        updated = s.put(api + "/organization/1/details", params={"fieldName": "Industry"},
                        json={"values": ["Finance"]}, headers=bearer)
        assert updated.status_code == 200, updated.text
        organization = s.get(api + "/organization/1", headers=bearer).json()
        industry = [d for d in organization["details"] if d["name"] == "Industry"][0]
        assert industry["values"] == ["Finance"], industry
        forbidden = s.post(api + "/customer/details", json={"name": "X", "type": {"name": "TEXT"}}, headers=bearer)
        assert forbidden.status_code == 401, forbidden.text  # no write:customer.detail-field scope

        old = tokens["refresh_token"]
        rotated = token({"grant_type": "refresh_token", "refresh_token": old})
        assert rotated.status_code == 200, rotated.text
        newest = rotated.json()["refresh_token"]
        assert newest != old
        assert token({"grant_type": "refresh_token", "refresh_token": old}).status_code == 200
        time.sleep(0.8)
        late = token({"grant_type": "refresh_token", "refresh_token": old})
        assert late.status_code == 403 and late.json() == {"error": "invalid_grant",
                                                           "error_description": "Unknown or invalid refresh token."}, late.text
        assert token({"grant_type": "refresh_token", "refresh_token": newest}).status_code == 403
        assert s.get(api + "/organization/1", headers={"Authorization": "Bearer " + rotated.json()["access_token"]}).status_code == 401

        customer = requests.get(api + "/customer/712020:0a0a0a0a-0000-4000-8000-000000000004",
                                auth=("customer@sandbox.example", "sandbox-customer-token"))
        assert customer.status_code == 403 and "errorMessage" in customer.json(), customer.text
        assert requests.get(api + "/organization/1", auth=("customer@sandbox.example", "sandbox-customer-token")).status_code == 403

        stats = s.get(base + "/_sandbox/stats").json()
        assert stats["authorize"] == 2 and stats["consentDecisions"] == 2, stats
        assert stats["authorizationCodeGrants"] == 3 and stats["refreshGrants"] == 4, stats
        assert stats["tokenErrors"] == 3 and stats["accessibleResources"] == 1 and stats["tenantInfo"] == 1, stats
        print("FLOW OK")
        """#
}
