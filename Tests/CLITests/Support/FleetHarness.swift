import CSMSandbox
import Foundation
import TestSupport
import Testing

/// A fleet of "machines" sharing one login through an etcd cluster: the login machine (a
/// ``CLIHarness`` with the session's D-Bus, its fleet variables in its environment) and others
/// made by ``machine(kernelCache:keyFile:endpoints:)``, which have only the fleet's environment.
/// Every fleet has a key prefix of its own, so fleets sharing a cluster never meet.
final class FleetHarness: @unchecked Sendable {
    /// The machine that logs in (`login --storage etcd`).
    let login: CLIHarness
    /// The cluster, nil for a fleet whose endpoints are all down.
    let cluster: EtcdCluster?
    /// `CSM_AUTH_ETCD_PREFIX` of this fleet.
    let prefix = "/csm-auth-test-\(UUID().uuidString.prefix(8).lowercased())/"
    /// `CSM_AUTH_ETCD_ENDPOINTS` of this fleet.
    let endpointList: String
    /// The fleet's key file (0600), one key made by `csm-auth fleet-key`.
    let keyFile: String
    private var machines: [CLIHarness] = []

    /// The profile every machine uses.
    var profile: String { login.profile }

    init(cluster: EtcdCluster?, endpointList: String? = nil) throws {
        login = try CLIHarness()
        self.cluster = cluster
        self.endpointList = endpointList ?? cluster?.endpointList ?? ""
        keyFile = login.folder.path + "/fleet.key"
        try writeKeyFile(keyFile, [try newKey()])
        login.extraEnvironment.merge(variables(keyFile: keyFile, endpoints: self.endpointList)) { _, new in new }
    }

    /// The fleet's variables.
    func variables(keyFile: String, endpoints: String) -> [String: String] {
        ["CSM_AUTH_ETCD_ENDPOINTS": endpoints, "CSM_AUTH_FLEET_KEY_FILE": keyFile, "CSM_AUTH_ETCD_PREFIX": prefix]
    }

    /// A new key line from `csm-auth fleet-key`.
    func newKey() throws -> String {
        let result = try login.run(["fleet-key"])
        guard result.status == 0 else { throw CocoaError(.executableLoad) }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes `keys` (one a line, the first seals) to `path` with mode 0600.
    func writeKeyFile(_ path: String, _ keys: [String]) throws {
        try? FileManager.default.removeItem(atPath: path)
        guard FileManager.default.createFile(atPath: path, contents: Data(keys.map { $0 + "\n" }.joined().utf8))
        else { throw CocoaError(.fileWriteUnknown) }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    /// Another machine: a config, data and runtime folder of its own, no D-Bus (so no keyring), no
    /// client id or secret; only `CSM_AUTH_STORAGE=etcd`, the endpoints, the key file and the prefix.
    /// - Parameters:
    ///   - kernelCache: false sets `CSM_AUTH_KERNEL_CACHE=0`, so each process reads etcd.
    ///   - keyFile: another key file than the fleet's.
    ///   - endpoints: other endpoints than the fleet's.
    func machine(kernelCache: Bool = true, keyFile: String? = nil, endpoints: String? = nil) throws -> FleetMachine {
        let harness = try CLIHarness()
        machines.append(harness)
        var overrides: [String: String?] = [
            "DBUS_SESSION_BUS_ADDRESS": nil, "CSM_AUTH_CLIENT_ID": nil, "CSM_AUTH_CLIENT_SECRET": nil,
            "CSM_AUTH_PROFILE": profile, "CSM_AUTH_STORAGE": "etcd",
        ]
        for (name, value) in variables(keyFile: keyFile ?? self.keyFile, endpoints: endpoints ?? endpointList) {
            overrides[name] = value
        }
        if !kernelCache { overrides["CSM_AUTH_KERNEL_CACHE"] = "0" }
        return FleetMachine(harness: harness, overrides: overrides)
    }

    /// The keys and values under the fleet's prefix, as `etcdctl get --prefix` prints them.
    func etcdDump() throws -> String {
        try cluster?.etcdctl(["get", "--prefix", prefix]) ?? ""
    }

    /// The etcd key of the profile's value `name` (`credentials`, `settings`).
    func key(_ name: String) -> String { "\(prefix)profiles/\(profile)/\(name)" }

    /// The stored text of the profile's value `name`.
    func storedValue(_ name: String) throws -> String {
        try cluster?.etcdctl(["get", key(name), "--print-value-only"])
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    /// Checks a fleet-wide storm's answers: `count` of them, all successful, all the same token,
    /// which the sandbox accepts and made with exactly one refresh grant.
    static func expectOneRefreshedToken(
        _ results: [ChildProcess.Result], count: Int, server: SandboxServer,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(results.count == count, sourceLocation: sourceLocation)
        let failure = results.map(\.stderr).filter { !$0.isEmpty }.first ?? ""
        #expect(results.allSatisfy { $0.status == 0 }, "\(failure)", sourceLocation: sourceLocation)
        let tokens = Set(results.map(\.stdout))
        #expect(tokens.count == 1, sourceLocation: sourceLocation)
        #expect(server.stats.refreshGrants == 1, sourceLocation: sourceLocation)
        #expect(server.stats.tokenErrors == 0, sourceLocation: sourceLocation)
        let token = try #require(tokens.first, sourceLocation: sourceLocation).trimmingCharacters(in: .newlines)
        #expect(try isAccepted(token, by: server), sourceLocation: sourceLocation)
    }

    /// Whether the sandbox accepts `token` as a bearer token (it lists the sites).
    static func isAccepted(_ token: String, by server: SandboxServer) throws -> Bool {
        let result = try ChildProcess.run(
            "curl",
            [
                "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", "-H",
                "Authorization: Bearer \(token)", server.baseURL + "/oauth/token/accessible-resources",
            ])
        return result.stdout == "200"
    }
}

/// A machine of a ``FleetHarness``: runs the built `csm-auth` with the fleet's environment only.
struct FleetMachine: Sendable {
    /// Its folders (and the clean-up of its kernel-cache keys).
    let harness: CLIHarness
    /// What replaces the harness's environment.
    let overrides: [String: String?]

    /// The environment of every run.
    func environment(sandbox: SandboxServer?) -> [String: String] {
        var environment = harness.environment(sandbox: sandbox)
        for (name, value) in overrides { environment[name] = value }
        return environment
    }

    /// Runs `csm-auth ARGS` to completion.
    @discardableResult
    func run(_ arguments: [String], sandbox: SandboxServer? = nil) throws -> ChildProcess.Result {
        try ChildProcess.run(CLIHarness.csmAuth, arguments, environment: environment(sandbox: sandbox))
    }

    /// Runs `csm-auth ARGS` in `count` processes at once and returns every result.
    func storm(_ count: Int, _ arguments: [String], sandbox: SandboxServer) async throws -> [ChildProcess.Result] {
        let environment = environment(sandbox: sandbox)
        return try await withThrowingTaskGroup(of: ChildProcess.Result.self) { group in
            for _ in 0..<count {
                group.addTask { try ChildProcess.run(CLIHarness.csmAuth, arguments, environment: environment) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    /// Starts `csm-auth ARGS` and returns it running, its output discarded.
    func start(_ arguments: [String], sandbox: SandboxServer) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIHarness.csmAuth)
        process.arguments = arguments
        process.environment = environment(sandbox: sandbox)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}
