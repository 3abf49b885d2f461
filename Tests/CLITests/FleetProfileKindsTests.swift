import CSMSandbox
import Foundation
import TestSupport
import Testing

/// Every kind of login can live in a fleet, and every credential command serves it on a machine
/// that has only the fleet's environment.
@Suite(.blocking, .serialized, .enabled(if: EtcdCluster.isAvailable, "needs etcd (scripts/setup)"))
struct FleetProfileKindsTests {
    let account = SandboxServiceAccount(id: "fleet-bot", secret: "fleet-bot-secret-\(UUID().uuidString)")

    @Test func aServiceAccountInTheFleetServesAnotherMachineWithoutItsSecret() async throws {
        let fleet = try FleetHarness(cluster: try await sharedFleetCluster.get())
        try await withSandbox(SandboxConfiguration(serviceAccounts: [account])) { server in
            let login = try fleet.login.serviceAccountLogin(account, server, ["--storage", "etcd"])
            try #require(login.status == 0, "\(login.stderr)")
            let other = try fleet.machine(kernelCache: false)
            let token = try other.run(["token"], sandbox: server)
            #expect(token.status == 0, "\(token.stderr)")
            #expect(try FleetHarness.isAccepted(token.stdout.trimmingCharacters(in: .newlines), by: server))
            #expect(!(try fleet.etcdDump()).contains(account.secret))
            _ = try fleet.login.run(["logout"], sandbox: server)
        }
    }

    @Test func aBasicLoginInTheFleetGivesAnotherMachineItsHeader() async throws {
        let fleet = try FleetHarness(cluster: try await sharedFleetCluster.get())
        try await withSandbox(SandboxConfiguration()) { server in
            let login = try fleet.login.run(
                [
                    "login", "--basic", "--site", server.sites[0].url, "--email", SandboxUser.agent.email,
                    "--storage", "etcd",
                ], sandbox: server, input: SandboxUser.agent.apiToken + "\n")
            try #require(login.status == 0, "\(login.stderr)")
            let header = try fleet.machine(kernelCache: false).run(["header"], sandbox: server)
            #expect(header.status == 0, "\(header.stderr)")
            let basic = Data("\(SandboxUser.agent.email):\(SandboxUser.agent.apiToken)".utf8).base64EncodedString()
            #expect(header.stdout == "Authorization: Basic \(basic)\n")
            let dump = try fleet.etcdDump()
            #expect(!dump.contains(SandboxUser.agent.apiToken) && !dump.contains(SandboxUser.agent.email))
            _ = try fleet.login.run(["logout"], sandbox: server)
        }
    }

    @Test func execOnAnotherMachineHandsTheCommandTheFleetsToken() async throws {
        let fleet = try FleetHarness(cluster: try await sharedFleetCluster.get())
        let client = fleet.login.sandboxClient
        try await withSandbox(SandboxConfiguration(clients: [client], autoApprove: true)) { server in
            let login = try fleet.login.browserLogin(server, ["--storage", "etcd"])
            try #require(login.status == 0, "\(login.stderr)")
            let expected = try fleet.login.run(["token"], sandbox: server).stdout
            let exec = try fleet.machine(kernelCache: false).run(
                ["exec", "--", "/bin/sh", "-c", "printf '%s\\n' \"$CSM_ACCESS_TOKEN\""], sandbox: server)
            #expect(exec.status == 0, "\(exec.stderr)")
            #expect(!expected.isEmpty && exec.stdout == expected)
            _ = try fleet.login.run(["logout"], sandbox: server)
        }
    }
}
