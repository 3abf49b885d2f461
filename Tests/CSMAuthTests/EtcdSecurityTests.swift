import Foundation
import TestSupport
import Testing

@testable import CSMAuth

/// TLS with client certificates, and etcd's user/password authentication, each on a
/// single-member cluster of its own.
@Suite(.serialized, .enabled(if: EtcdCluster.isAvailable, "etcd is not installed: scripts/setup installs etcd-server"))
struct EtcdSecurityTests {
    private func tlsClient(
        _ cluster: EtcdCluster, _ certificates: EtcdCertificates, ca: String? = nil, certificate: Bool = true
    ) -> EtcdClient {
        EtcdClient(
            configuration: EtcdConfiguration(
                endpoints: cluster.endpoints, caBundlePath: ca ?? certificates.caCertificate,
                clientCertificatePath: certificate ? certificates.clientCertificate : nil,
                clientKeyPath: certificate ? certificates.clientKey : nil))
    }

    @Test func aTLSClusterServesAClientWithItsCAAndAClientCertificate() async throws {
        let certificates = try EtcdCertificates()
        let cluster = try await EtcdCluster(members: 1, tls: certificates)
        defer { cluster.stop() }
        #expect(cluster.endpoints[0].scheme == "https")
        let client = tlsClient(cluster, certificates)
        try await client.put("/tls/k", [7])
        #expect(try await client.get("/tls/k")?.value == [7])
    }

    @Test func aTLSClusterIsUnavailableToAClientWithoutACertificate() async throws {
        let certificates = try EtcdCertificates()
        let cluster = try await EtcdCluster(members: 1, tls: certificates)
        defer { cluster.stop() }
        await #expect {
            _ = try await tlsClient(cluster, certificates, certificate: false).get("/tls/k")
        } throws: { error in
            // TLS 1.3 reports the missing certificate after the handshake: the connection is dropped.
            (error as? EtcdUnavailableError)?.attempts.map(\.endpoint) == [cluster.endpoints[0].absoluteString]
        }
    }

    @Test func aServerCertificateFromAnotherCAIsRefused() async throws {
        let certificates = try EtcdCertificates()
        let cluster = try await EtcdCluster(members: 1, tls: certificates)
        defer { cluster.stop() }
        let client = tlsClient(cluster, certificates, ca: certificates.strangerCertificate)
        await #expect {
            _ = try await client.get("/tls/k")
        } throws: { error in
            (error as? EtcdUnavailableError)?.attempts.first?.reason.hasPrefix("TLS failure") == true
        }
    }

    private func authCluster() async throws -> EtcdCluster {
        let cluster = try await EtcdCluster(members: 1, arguments: ["--auth-token-ttl", "1"])
        try cluster.etcdctl(["user", "add", "root:correct-horse"])
        try cluster.etcdctl(["auth", "enable"])
        return cluster
    }

    private func client(_ cluster: EtcdCluster, user: String?, password: String?) -> EtcdClient {
        EtcdClient(
            configuration: EtcdConfiguration(
                endpoints: cluster.endpoints, user: user, password: password.map(Secret.init)))
    }

    @Test func theRightPasswordGetsATokenThatServesAndIsRenewedWhenItExpires() async throws {
        let cluster = try await authCluster()
        defer { cluster.stop() }
        let client = client(cluster, user: "root", password: "correct-horse")
        try await client.put("/auth/k", [1])
        #expect(try await client.get("/auth/k")?.value == [1])
        // The token lives 1 s unused: the next request is refused once, authenticates again and succeeds.
        try await Task.sleep(for: .milliseconds(2500))
        #expect(try await client.get("/auth/k")?.value == [1])
    }

    @Test func aWrongPasswordIsOneLineStoreUnavailableWithoutThePassword() async throws {
        let cluster = try await authCluster()
        defer { cluster.stop() }
        let client = client(cluster, user: "root", password: "wrong-battery")
        await #expect {
            _ = try await client.get("/auth/k")
        } throws: { error in
            let line = "\(error)"
            return (error as? CredentialStoreError)?.category == .storeUnavailable && line.contains("'root'")
                && line.contains("CSM_AUTH_ETCD_PASSWORD_FILE") && !line.contains("wrong-battery")
                && !line.contains("\n")
        }
    }

    @Test func noUserOnAClusterWithAuthenticationIsStoreUnavailable() async throws {
        let cluster = try await authCluster()
        defer { cluster.stop() }
        await #expect {
            _ = try await client(cluster, user: nil, password: nil).get("/auth/k")
        } throws: { error in
            (error as? CredentialStoreError)?.category == .storeUnavailable
        }
    }
}
