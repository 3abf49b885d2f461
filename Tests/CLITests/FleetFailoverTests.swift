import CSMSandbox
import Foundation
import TestSupport
import Testing

/// A fleet whose etcd members fail under it: each test starts a cluster of its own (it kills or
/// stops a member), and a storm or every machine's `token` still gets one valid token.
@Suite(.blocking, .serialized, .enabled(if: EtcdCluster.isAvailable, "needs etcd (scripts/setup)"))
struct FleetFailoverTests {
    func sandbox(_ fleet: FleetHarness, lifetime: TimeInterval) -> SandboxConfiguration {
        SandboxConfiguration(
            clients: [fleet.login.sandboxClient], autoApprove: true, accessTokenLifetime: lifetime, reuseInterval: 600)
    }

    @Test func leaderKilledMidStormStillRefreshesExactlyOnce() async throws {
        let cluster = try await EtcdCluster()
        defer { cluster.stop() }
        let fleet = try FleetHarness(cluster: cluster)
        try await withSandbox(sandbox(fleet, lifetime: 30)) { server in
            let login = try fleet.login.browserLogin(server, ["--storage", "etcd"])
            try #require(login.status == 0, "\(login.stderr)")
            server.updateSettings(accessTokenLifetime: 3600)
            server.resetStats()
            // The refresh takes a second: the leader dies while the turn is held.
            server.setFaults(SandboxFaults(delay: 1))
            let machines = [try fleet.machine(), try fleet.machine(), try fleet.machine()]
            let storm = Task {
                try await withThrowingTaskGroup(of: [ChildProcess.Result].self) { group in
                    for machine in machines {
                        group.addTask { try await machine.storm(16, ["token"], sandbox: server) }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
            }
            try await Task.sleep(for: .milliseconds(500))
            let leader = try #require(cluster.leaderIndex())
            cluster.kill(member: leader)
            let results = try await storm.value
            server.setFaults(.none)
            try FleetHarness.expectOneRefreshedToken(results, count: 48, server: server)
        }
    }

    @Test func pausedMemberLeavesEveryMachinesTokenWorking() async throws {
        let cluster = try await EtcdCluster()
        defer { cluster.stop() }
        let fleet = try FleetHarness(cluster: cluster)
        try await withSandbox(sandbox(fleet, lifetime: 3600)) { server in
            let login = try fleet.login.browserLogin(server, ["--storage", "etcd"])
            try #require(login.status == 0, "\(login.stderr)")
            let expected = try fleet.login.run(["token"], sandbox: server).stdout
            // The first endpoint, which every machine tries first, stops answering: a command
            // waits one request timeout (5 s) for it, then stays with the member that answered.
            cluster.pause(member: 0)
            defer { cluster.resume(member: 0) }
            let machines = [try fleet.machine(kernelCache: false), try fleet.machine(kernelCache: false)]
            let clock = ContinuousClock()
            for (index, machine) in machines.enumerated() {
                let start = clock.now
                let token = try machine.run(["token"], sandbox: server)
                #expect(token.status == 0, "machine \(index): \(token.stderr)")
                #expect(token.stdout == expected)
                // One 5 s request timeout for the paused member per command, never two: under 10 s.
                #expect(clock.now - start < .seconds(10), "machine \(index) took \(clock.now - start)")
            }
            let own = try fleet.login.run(["token"], sandbox: server, environment: ["CSM_AUTH_KERNEL_CACHE": "0"])
            #expect(own.status == 0, "\(own.stderr)")
            #expect(own.stdout == expected)
        }
    }
}
