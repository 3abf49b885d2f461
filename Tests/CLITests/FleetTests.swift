import CSMAuth
import CSMSandbox
import Foundation
import TestSupport
import Testing

/// The cluster the fleet suites of the command line share, started on first use.
let sharedFleetCluster = SharedEtcdCluster()

/// A fleet through the built binary: one `login --storage etcd`, then other "machines" (their
/// own config folders, no D-Bus, no client secret) that have only the fleet's environment,
/// against a real 3-member etcd on loopback and the sandbox.
@Suite(.blocking, .serialized, .enabled(if: EtcdCluster.isAvailable, "needs etcd (scripts/setup)"))
struct FleetTests {
    /// Logs the fleet in on its login machine (`login --storage etcd`).
    func loggedIn(_ fleet: FleetHarness, _ server: SandboxServer) throws {
        let login = try fleet.login.browserLogin(server, ["--storage", "etcd"])
        try #require(login.status == 0, "\(login.stderr)")
    }

    /// A sandbox for the fleet's client, whose access tokens live `lifetime` seconds.
    func sandbox(_ fleet: FleetHarness, lifetime: TimeInterval = 3600) -> SandboxConfiguration {
        SandboxConfiguration(
            clients: [fleet.login.sandboxClient], autoApprove: true, accessTokenLifetime: lifetime, reuseInterval: 600)
    }

    @Test func secondMachineGetsTheTokenWithOnlyTheEnvironment() async throws {
        let fleet = try FleetHarness(cluster: try await sharedFleetCluster.get())
        try await withSandbox(sandbox(fleet)) { server in
            try loggedIn(fleet, server)
            let first = try fleet.login.run(["token"], sandbox: server)
            let other = try fleet.machine()
            let token = try other.run(["token"], sandbox: server)
            #expect(token.status == 0, "\(token.stderr)")
            #expect(token.stdout == first.stdout)
            #expect(try FleetHarness.isAccepted(token.stdout.trimmingCharacters(in: .newlines), by: server))
            let status = try other.run(["status"], sandbox: server)
            #expect(status.status == 0, "\(status.stderr)")
            #expect(status.stdout.contains("storage: etcd"), "\(status.stdout)")
            // Nothing was written on the other machine but its lock and cache folders.
            #expect(!FileManager.default.fileExists(atPath: other.harness.folder.path + "/config/config"))
            _ = try fleet.login.run(["logout"], sandbox: server)
        }
    }

    @Test func etcdHoldsNoTokenSecretOrEmailInTheClear() async throws {
        let fleet = try FleetHarness(cluster: try await sharedFleetCluster.get())
        try await withSandbox(sandbox(fleet)) { server in
            try loggedIn(fleet, server)
            let token = try fleet.login.run(["token"], sandbox: server).stdout.trimmingCharacters(in: .newlines)
            // The refresh token, as the fleet key opens it.
            let keys = try FleetKeyRing.load(path: fleet.keyFile)
            let opened = try keys.open(
                Array(try fleet.storedValue("credentials").utf8), profile: fleet.profile, name: "credentials")
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .secondsSince1970
            let stored = try decoder.decode(StoredCredentials.self, from: Data(opened))
            let refreshToken = try #require(stored.refreshToken?.reveal())
            #expect(stored.accessToken?.reveal() == token)
            let dump = try fleet.etcdDump()
            #expect(dump.contains(fleet.key("credentials")) && dump.contains(fleet.key("settings")))
            let secrets = [token, refreshToken, fleet.login.clientSecret] + server.users.map(\.email)
            for secret in secrets {
                #expect(!secret.isEmpty && !dump.contains(secret))
            }
            #expect(!dump.lowercased().contains("@"))
            _ = try fleet.login.run(["logout"], sandbox: server)
        }
    }

    @Test func stormOfThreeMachinesRefreshesExactlyOnce() async throws {
        let fleet = try FleetHarness(cluster: try await sharedFleetCluster.get())
        try await withSandbox(sandbox(fleet, lifetime: 30)) { server in
            try loggedIn(fleet, server)
            // The stored token expires within 60 s; new ones will live an hour.
            server.updateSettings(accessTokenLifetime: 3600)
            server.resetStats()
            let second = try fleet.machine()
            let third = try fleet.machine()
            async let first = fleet.login.storm(16, ["token"], sandbox: server)
            async let others = second.storm(16, ["token"], sandbox: server)
            async let last = third.storm(16, ["token"], sandbox: server)
            let results = try await first + others + last
            try FleetHarness.expectOneRefreshedToken(results, count: 48, server: server)
            _ = try fleet.login.run(["logout"], sandbox: server)
        }
    }

    /// Runs of the kill test: 20, as the issue asks. Each kill that lands while the refresh turn
    /// is held costs the lock's lease (10 s) before the next refresh, so they take minutes; the
    /// sanitizer runs (which repeat the whole suite, instrumented) make 4.
    /// `CSM_AUTH_FLEET_KILL_RUNS` sets another count.
    static let killRuns: Int = {
        let environment = ProcessInfo.processInfo.environment
        if let runs = Int(environment["CSM_AUTH_FLEET_KILL_RUNS"] ?? "") { return runs }
        return environment["CSM_AUTH_TEST_SANITIZER"] == nil ? 20 : 4
    }()

    @Test func refresherKilledMidRefreshLosesNoLogin() async throws {
        let fleet = try FleetHarness(cluster: try await sharedFleetCluster.get())
        try await withSandbox(sandbox(fleet)) { server in
            try loggedIn(fleet, server)
            let machines = [try fleet.machine(), try fleet.machine()]
            for run in 0..<Self.killRuns {
                // The token endpoint answers after 1 s; the kill lands anywhere from the start to
                // after the answer: before the turn, holding it, waiting on the server, writing.
                server.setFaults(SandboxFaults(delay: 1))
                let refresher = try machines[run % 2].start(["refresh"], sandbox: server)
                try await Task.sleep(for: .milliseconds(100 + run * 1_300 / max(Self.killRuns, 1)))
                kill(refresher.processIdentifier, SIGKILL)
                refresher.waitUntilExit()
                server.setFaults(.none)
                // The other machine refreshes the chain: the login was not lost.
                let next = try machines[(run + 1) % 2].run(["refresh"], sandbox: server)
                #expect(next.status == 0, "run \(run): \(next.stderr)")
            }
            let token = try fleet.login.run(["token"], sandbox: server)
            #expect(token.status == 0, "\(token.stderr)")
            #expect(try FleetHarness.isAccepted(token.stdout.trimmingCharacters(in: .newlines), by: server))
            _ = try fleet.login.run(["logout"], sandbox: server)
        }
    }

    @Test func everyEndpointDownIsExit5InBoundedTimeNamingTheEndpoints() async throws {
        let endpoints = try (0..<3).map { _ in "http://127.0.0.1:\(try freeLoopbackPort())" }
        let fleet = try FleetHarness(cluster: nil, endpointList: endpoints.joined(separator: ","))
        let machine = try fleet.machine()
        let clock = ContinuousClock()
        let start = clock.now
        let token = try machine.run(["token"])
        let elapsed = clock.now - start
        #expect(token.status == 5, "\(token.stderr)")
        #expect(token.stdout.isEmpty)
        #expect(token.stderr.split(separator: "\n").count == 1, "\(token.stderr)")
        for endpoint in endpoints {
            #expect(token.stderr.contains(endpoint), "\(token.stderr)")
        }
        // Bounded (no hang), with room for a loaded machine.
        #expect(elapsed < .seconds(30), "took \(elapsed)")
    }

    @Test func wrongFleetKeyIsExit5NamingTheProfileNotLoginRequired() async throws {
        let fleet = try FleetHarness(cluster: try await sharedFleetCluster.get())
        try await withSandbox(sandbox(fleet)) { server in
            try loggedIn(fleet, server)
            let otherKey = fleet.login.folder.path + "/other.key"
            try fleet.writeKeyFile(otherKey, [try fleet.newKey()])
            let machine = try fleet.machine(kernelCache: false, keyFile: otherKey)
            let before = try fleet.storedValue("credentials")
            let token = try machine.run(["token"], sandbox: server)
            #expect(token.status == 5)
            #expect(token.stderr.split(separator: "\n").count == 1, "\(token.stderr)")
            #expect(token.stderr.contains("the fleet key does not open profile \(fleet.profile)"), "\(token.stderr)")
            #expect(!token.stderr.contains("not logged in"))
            #expect(try fleet.storedValue("credentials") == before)
            _ = try fleet.login.run(["logout"], sandbox: server)
        }
    }

    @Test func tamperedCredentialsAreRefusedAndNotOverwritten() async throws {
        let fleet = try FleetHarness(cluster: try await sharedFleetCluster.get())
        try await withSandbox(sandbox(fleet)) { server in
            try loggedIn(fleet, server)
            let cluster = try #require(fleet.cluster)
            let original = try fleet.storedValue("credentials")
            // Flip one character of the sealed bytes (after `v1.KEYID.`).
            var characters = Array(original)
            let index = characters.count - 10
            characters[index] = characters[index] == "A" ? "B" : "A"
            let tampered = String(characters)
            try cluster.etcdctl(["put", fleet.key("credentials"), tampered])
            server.resetStats()
            let machine = try fleet.machine(kernelCache: false)
            for command in [["token"], ["refresh"]] {
                let result = try machine.run(command, sandbox: server)
                #expect(result.status == 5, "\(command): \(result.stderr)")
                #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
                #expect(result.stderr.contains("the fleet key does not open profile \(fleet.profile)"))
            }
            #expect(try fleet.storedValue("credentials") == tampered)
            #expect(server.stats.refreshGrants == 0)
            _ = try fleet.login.run(["logout"], sandbox: server)
        }
    }

    @Test func logoutRemovesEveryKeyAndOtherMachinesNeedALogin() async throws {
        let fleet = try FleetHarness(cluster: try await sharedFleetCluster.get())
        try await withSandbox(sandbox(fleet)) { server in
            try loggedIn(fleet, server)
            // Without the kernel cache: a machine's cached token outlives a logout elsewhere
            // until it nears expiry (each machine keeps its cache's fast path).
            let machine = try fleet.machine(kernelCache: false)
            try #require(try machine.run(["token"], sandbox: server).status == 0)
            let cluster = try #require(fleet.cluster)
            #expect(try !cluster.etcdctl(["get", "--prefix", fleet.prefix, "--keys-only"]).isEmpty)
            let logout = try fleet.login.run(["logout"], sandbox: server)
            #expect(logout.status == 0, "\(logout.stderr)")
            #expect(try cluster.etcdctl(["get", "--prefix", fleet.prefix, "--keys-only"]).isEmpty)
            let token = try machine.run(["token"], sandbox: server)
            #expect(token.status == 4, "\(token.stderr)")
            #expect(token.stdout.isEmpty)
        }
    }

    @Test func resealUnderANewKeyLetsTheNewKeyAloneOpenTheProfile() async throws {
        let fleet = try FleetHarness(cluster: try await sharedFleetCluster.get())
        try await withSandbox(sandbox(fleet)) { server in
            try loggedIn(fleet, server)
            let oldKey = try String(contentsOfFile: fleet.keyFile, encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let newKey = try fleet.newKey()
            let newOnly = fleet.login.folder.path + "/new-only.key"
            try fleet.writeKeyFile(newOnly, [newKey])
            let machine = try fleet.machine(kernelCache: false, keyFile: newOnly)
            // Before the reseal, the new key alone does not open the profile.
            #expect(try machine.run(["token"], sandbox: server).status == 5)
            try fleet.writeKeyFile(fleet.keyFile, [newKey, oldKey])
            let reseal = try fleet.login.run(["fleet-key", "--reseal"], sandbox: server)
            #expect(reseal.status == 0, "\(reseal.stderr)")
            let token = try machine.run(["token"], sandbox: server)
            #expect(token.status == 0, "\(token.stderr)")
            #expect(try FleetHarness.isAccepted(token.stdout.trimmingCharacters(in: .newlines), by: server))
            let status = try machine.run(["status"], sandbox: server)
            #expect(status.status == 0, "\(status.stderr)")
            _ = try fleet.login.run(["logout"], sandbox: server)
        }
    }
}
