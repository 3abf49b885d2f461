import Foundation
import TestSupport

@testable import CSMAuth

/// A stand-in for the fleet key's AES-GCM sealer in the store's tests: XOR with a fixed byte
/// after a tag naming the profile and value, so a value moved to another profile or name (or
/// changed) does not open. Not encryption; it only keeps tokens out of plain sight.
struct XORTestSealer: FleetSealing {
    var byte: UInt8 = 0x5A

    func seal(_ plaintext: [UInt8], profile: String, name: String) throws -> [UInt8] {
        (Array("\(profile)/\(name):".utf8) + plaintext).map { $0 ^ byte }
    }

    func open(_ sealed: [UInt8], profile: String, name: String) throws -> [UInt8] {
        let tag = Array("\(profile)/\(name):".utf8)
        let plain = sealed.map { $0 ^ byte }
        guard plain.starts(with: tag) else {
            throw CredentialStoreError(.unavailable, "the fleet key does not open profile \(profile)")
        }
        return Array(plain.dropFirst(tag.count))
    }
}

/// The cluster the etcd suites share, started on first use.
let sharedEtcdCluster = SharedEtcdCluster()

/// A client of `cluster` under a prefix of its own, so tests sharing a cluster never meet.
func etcdClient(_ cluster: EtcdCluster, requestTimeout: Duration = .seconds(5)) -> EtcdClient {
    EtcdClient(
        configuration: EtcdConfiguration(endpoints: cluster.endpoints, prefix: "/test-\(UUID().uuidString)/"),
        requestTimeout: requestTimeout)
}
