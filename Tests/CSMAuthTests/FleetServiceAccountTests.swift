import CSMAuth
import CSMSandbox
import Foundation
import TestSupport
import Testing

/// A service account kept in a fleet: its tokens are minted by whichever machine needs one,
/// without the fleet's refresh lock, so what a machine writes back must not undo what another
/// machine did meanwhile.
@Suite(.enabled(if: EtcdCluster.isAvailable, "etcd is not installed: scripts/setup installs etcd-server"), .waiting)
struct FleetServiceAccountTests {
    static let account = SandboxServiceAccount(id: "fleet-bot", secret: "fleet-bot-secret")

    @Test func aTokenMintedWhileAnotherMachineLogsOutDoesNotBringTheLoginBack() async throws {
        let cluster = try await sharedEtcdCluster.get()
        let keyFolder = try TemporaryFolder()
        let keyPath = keyFolder.path + "/fleet.key"
        #expect(
            FileManager.default.createFile(
                atPath: keyPath, contents: Data((FleetKey.generate().revealBase64() + "\n").utf8),
                attributes: [.posixPermissions: 0o600]))
        let variables = [
            "CSM_AUTH_STORAGE": "etcd", "CSM_AUTH_ETCD_ENDPOINTS": cluster.endpointList,
            "CSM_AUTH_ETCD_PREFIX": "/test-\(UUID().uuidString)/", "CSM_AUTH_FLEET_KEY_FILE": keyPath,
        ]
        try await LoginHome.with(SandboxConfiguration(serviceAccounts: [Self.account]), variables: variables) { home in
            let site = try #require(URL(string: home.sandbox.sites[0].url))
            _ = try await ClientCredentialsLogin(environment: home.environment, transport: CurlTransport()).run(
                profile: "bot", siteURL: site,
                client: ClientCredentials(id: Self.account.id, secret: Secret(Self.account.secret)),
                scopes: [], storage: .etcd)
            let fleet = try home.environment.fleetStore()
            #expect(try await fleet.load(profile: "bot") != nil)
            let session = AuthSession(
                profile: "bot", environment: home.environment,
                transport: LoggingOutDuringTheTokenRequest(fleet: fleet, profile: "bot"), logger: home.logger)
            // Asking for more validity than a fresh token has makes the session mint one.
            await #expect {
                _ = try await session.credential(minimumValidity: 24 * 3600)
            } throws: { error in
                (error as? CSMAuthError)?.code == .notLoggedIn
            }
            #expect(try await fleet.load(profile: "bot") == nil)
        }
    }
}

/// libcurl, except that another machine logs the profile out of the fleet just before the token
/// endpoint is asked.
private struct LoggingOutDuringTheTokenRequest: HTTPTransport {
    let fleet: EtcdStore
    let profile: String

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if request.url.path.hasSuffix("/oauth/token") { try await fleet.deleteProfile(profile) }
        return try await CurlTransport().send(request)
    }
}
