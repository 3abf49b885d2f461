import Foundation
import TestSupport
import Testing

@testable import CSMAuth

/// Each test breaks a cluster of its own.
@Suite(.serialized, .enabled(if: EtcdCluster.isAvailable, "etcd is not installed: scripts/setup installs etcd-server"))
struct EtcdFailoverTests {
    @Test func aKilledFirstMemberFailsOverToTheOthers() async throws {
        let cluster = try await EtcdCluster()
        defer { cluster.stop() }
        let client = etcdClient(cluster)
        try await client.put(client.configuration.prefix + "k", [1])
        cluster.kill(member: 0)
        let fresh = EtcdClient(configuration: client.configuration)
        try await fresh.put(client.configuration.prefix + "k", [2])
        #expect(try await fresh.get(client.configuration.prefix + "k")?.value == [2])
        #expect(try await client.get(client.configuration.prefix + "k")?.value == [2])
    }

    @Test func aKilledLeaderIsReplacedAndRequestsGoOn() async throws {
        let cluster = try await EtcdCluster()
        defer { cluster.stop() }
        let leader = try #require(cluster.leaderIndex())
        let client = etcdClient(cluster)
        cluster.kill(member: leader)
        let started = ContinuousClock.now
        try await client.put(client.configuration.prefix + "k", [1])
        #expect(try await client.get(client.configuration.prefix + "k")?.value == [1])
        #expect(ContinuousClock.now - started < .seconds(15))
    }

    @Test func aPausedMemberIsPassedOverWithinBoundedTime() async throws {
        let cluster = try await EtcdCluster()
        defer { cluster.stop() }
        cluster.pause(member: 0)
        defer { cluster.resume(member: 0) }
        let client = etcdClient(cluster, requestTimeout: .seconds(2))
        let started = ContinuousClock.now
        try await client.put(client.configuration.prefix + "k", [1])
        // Bounds that prove no hang, with room for a loaded machine: speed is for the benchmarks.
        #expect(ContinuousClock.now - started < .seconds(15))
        // The endpoint that answered is tried first from then on: no new wait for the paused
        // member, which would take the whole 2 s request timeout.
        let again = ContinuousClock.now
        #expect(try await client.get(client.configuration.prefix + "k")?.value == [1])
        #expect(ContinuousClock.now - again < .seconds(2))
    }

    @Test func everyMemberDownIsUnavailableNamingEachEndpointWithinSeconds() async throws {
        let cluster = try await EtcdCluster()
        for member in 0..<3 { cluster.kill(member: member) }
        defer { cluster.stop() }
        let store = EtcdStore(client: etcdClient(cluster), sealer: XORTestSealer())
        let started = ContinuousClock.now
        do {
            try await store.probe()
            Issue.record("the probe of a dead cluster succeeded")
        } catch let error as EtcdUnavailableError {
            #expect(error.category == .storeUnavailable)
            #expect(error.attempts.map(\.endpoint) == cluster.endpoints.map(\.absoluteString))
            let line = "\(error)"
            #expect(!line.contains("\n"))
            for endpoint in cluster.endpoints { #expect(line.contains(endpoint.absoluteString)) }
            #expect(line.contains("connection refused"))
        }
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test func everyMemberPausedIsUnavailableWithinTheRequestTimeouts() async throws {
        let cluster = try await EtcdCluster()
        defer { cluster.stop() }
        for member in 0..<3 { cluster.pause(member: member) }
        defer { for member in 0..<3 { cluster.resume(member: member) } }
        let client = etcdClient(cluster, requestTimeout: .seconds(1))
        let started = ContinuousClock.now
        await #expect(throws: EtcdUnavailableError.self) { _ = try await client.get("/k") }
        #expect(ContinuousClock.now - started < .seconds(20))
    }
}
