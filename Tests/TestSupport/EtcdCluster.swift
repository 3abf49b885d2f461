import Foundation

/// A real etcd cluster on loopback ports, for the fleet store's tests: each member a child
/// process with its own data folder under a temporary folder, all stopped and removed by
/// ``stop()`` (also on deinit, and when the test process exits).
///
/// Elections are fast (50 ms heartbeats, 500 ms election timeout), so a killed leader is replaced
/// within a second or two.
public final class EtcdCluster: @unchecked Sendable {
    /// Whether the `etcd` binary is installed (`scripts/setup` installs Debian's etcd-server).
    public static let isAvailable: Bool = executable != nil

    /// The path of `etcd` in PATH, nil when there is none.
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/etcd" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }()

    /// The members' client URLs, in member order.
    public let endpoints: [URL]
    /// The members' client URLs as text, comma-separated, as `CSM_AUTH_ETCD_ENDPOINTS` takes them.
    public var endpointList: String { endpoints.map(\.absoluteString).joined(separator: ",") }

    private let folder: TemporaryFolder
    private let lock = NSLock()
    private var processes: [Process]

    /// The certificates of a cluster started with `tls`, nil otherwise.
    public let certificates: EtcdCertificates?

    /// Starts `members` members and waits until each answers a range request.
    /// - Parameters:
    ///   - members: the cluster's size; 3 by default.
    ///   - tls: serve clients over https with these certificates, asking for a client certificate.
    ///   - arguments: more arguments for every member.
    public init(members: Int = 3, tls: EtcdCertificates? = nil, arguments: [String] = []) async throws {
        guard let executable = Self.executable else { throw CocoaError(.executableNotLoadable) }
        folder = try TemporaryFolder()
        certificates = tls
        let clientPorts = try (0..<members).map { _ in try freeLoopbackPort() }
        let peerPorts = try (0..<members).map { _ in try freeLoopbackPort() }
        let scheme = tls == nil ? "http" : "https"
        endpoints = clientPorts.map { URL(string: "\(scheme)://127.0.0.1:\($0)")! }
        let tlsArguments =
            tls.map {
                [
                    "--cert-file", $0.serverCertificate, "--key-file", $0.serverKey, "--client-cert-auth",
                    "--trusted-ca-file", $0.caCertificate,
                ]
            } ?? []
        let initialCluster = (0..<members).map { "m\($0)=http://127.0.0.1:\(peerPorts[$0])" }.joined(separator: ",")
        let token = "csm-auth-test-\(UUID().uuidString)"
        var processes: [Process] = []
        for member in 0..<members {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments =
                [
                    "--name", "m\(member)", "--data-dir", "\(folder.path)/m\(member)",
                    "--listen-client-urls", endpoints[member].absoluteString,
                    "--advertise-client-urls", endpoints[member].absoluteString,
                    "--listen-peer-urls", "http://127.0.0.1:\(peerPorts[member])",
                    "--initial-advertise-peer-urls", "http://127.0.0.1:\(peerPorts[member])",
                    "--initial-cluster", initialCluster, "--initial-cluster-state", "new",
                    "--initial-cluster-token", token, "--heartbeat-interval", "50", "--election-timeout", "500",
                ] + tlsArguments + arguments
            let log = "\(folder.path)/m\(member).log"
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            process.standardOutput = output
            process.standardError = output
            process.standardInput = FileHandle.nullDevice
            try process.run()
            processes.append(process)
        }
        self.processes = processes
        RunningClusters.shared.add(self)
        try await waitUntilServing(members: Array(0..<members), timeout: .seconds(30))
    }

    deinit {
        stop()
    }

    /// Kills every member (SIGKILL, resuming paused ones) and removes their data.
    public func stop() {
        let processes = lock.withLock {
            let all = self.processes
            self.processes = []
            return all
        }
        for process in processes where process.isRunning {
            Foundation.kill(process.processIdentifier, SIGKILL)
            Foundation.kill(process.processIdentifier, SIGCONT)
            process.waitUntilExit()
        }
        RunningClusters.shared.remove(self)
        // A shared cluster is still referenced at exit, so its folder goes here, not on deinit.
        try? FileManager.default.removeItem(atPath: folder.path)
    }

    /// Kills `member` with SIGKILL, as a machine that dies.
    public func kill(member: Int) {
        let process = lock.withLock { processes[member] }
        Foundation.kill(process.processIdentifier, SIGKILL)
        Foundation.kill(process.processIdentifier, SIGCONT)
        process.waitUntilExit()
    }

    /// Stops `member` with SIGSTOP: its sockets stay open, nothing answers (a partition).
    public func pause(member: Int) {
        let process = lock.withLock { processes[member] }
        Foundation.kill(process.processIdentifier, SIGSTOP)
        // A stop reaches every thread of the process a moment later: wait until the kernel says
        // it is stopped, so no request sent after this call is answered by it.
        let stat = "/proc/\(process.processIdentifier)/stat"
        for _ in 0..<200 {
            // The state follows the command name in parentheses: "PID (etcd) T …".
            guard let text = try? String(contentsOfFile: stat, encoding: .utf8),
                let end = text.lastIndex(of: ")")
            else { return }
            if text[text.index(after: end)...].trimmingCharacters(in: .whitespaces).hasPrefix("T") { return }
            usleep(10_000)
        }
    }

    /// Lets a paused `member` run again (SIGCONT).
    public func resume(member: Int) {
        let process = lock.withLock { processes[member] }
        Foundation.kill(process.processIdentifier, SIGCONT)
    }

    /// Runs `etcdctl` against the cluster (with its TLS files, if any); throws when it fails.
    @discardableResult
    public func etcdctl(_ arguments: [String]) throws -> String {
        let tls = certificates.map {
            ["--cacert", $0.caCertificate, "--cert", $0.clientCertificate, "--key", $0.clientKey]
        }
        let result = try ChildProcess.run(
            "etcdctl", ["--endpoints", endpointList, "--dial-timeout", "3s"] + (tls ?? []) + arguments,
            environment: ["ETCDCTL_API": "3", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"])
        guard result.status == 0 else { throw CocoaError(.executableLoad) }
        return result.stdout
    }

    /// The index of the member that is the leader now, by each member's own status; nil when no
    /// live member names a leader.
    public func leaderIndex() -> Int? {
        for endpoint in endpoints {
            guard let status = try? post(endpoint, "/v3/maintenance/status", "{}"),
                let header = status["header"] as? [String: Any], let memberID = header["member_id"] as? String,
                let leader = status["leader"] as? String
            else { continue }
            if memberID == leader { return endpoints.firstIndex(of: endpoint) }
        }
        return nil
    }

    /// Waits until each of `members` answers a linearizable range (so a leader is elected).
    public func waitUntilServing(members: [Int], timeout: Duration) async throws {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        for member in members {
            while (try? post(endpoints[member], "/v3/kv/range", #"{"key":"AA=="}"#))?["header"] == nil {
                guard ContinuousClock.now < deadline else { throw CocoaError(.executableLoad) }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Posts `body` to a member with curl (an independent client) and returns its JSON object.
    func post(_ endpoint: URL, _ path: String, _ body: String) throws -> [String: Any]? {
        let tls = certificates.map {
            ["--cacert", $0.caCertificate, "--cert", $0.clientCertificate, "--key", $0.clientKey]
        }
        let result = try ChildProcess.run(
            "curl",
            ["-s", "--max-time", "2", "-X", "POST", "-d", body] + (tls ?? []) + [endpoint.absoluteString + path])
        guard result.status == 0 else { return nil }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    }
}

/// A CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl in a
/// temporary folder, for an etcd cluster that serves clients over TLS.
public final class EtcdCertificates: @unchecked Sendable {
    private let folder: TemporaryFolder
    /// The CA's certificate (PEM).
    public var caCertificate: String { folder.path + "/ca.pem" }
    /// The members' certificate, for IP 127.0.0.1.
    public var serverCertificate: String { folder.path + "/server.pem" }
    /// Its key.
    public var serverKey: String { folder.path + "/server-key.pem" }
    /// A client certificate the CA signed.
    public var clientCertificate: String { folder.path + "/client.pem" }
    /// Its key.
    public var clientKey: String { folder.path + "/client-key.pem" }
    /// A certificate of another CA, which the members do not trust.
    public var strangerCertificate: String { folder.path + "/stranger.pem" }
    /// Its key.
    public var strangerKey: String { folder.path + "/stranger-key.pem" }

    public init() throws {
        folder = try TemporaryFolder()
        let path = folder.path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try "subjectAltName = IP:127.0.0.1\nextendedKeyUsage = serverAuth, clientAuth\n"
            .write(toFile: path + "/server.ext", atomically: true, encoding: .utf8)
        try "extendedKeyUsage = clientAuth\n".write(toFile: path + "/client.ext", atomically: true, encoding: .utf8)
        let steps: [[String]] = [
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=csm-auth test CA",
                "-keyout", path + "/ca-key.pem", "-out", path + "/ca.pem",
            ],
            [
                "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", serverKey,
                "-out", path + "/server.csr",
            ],
            [
                "x509", "-req", "-in", path + "/server.csr", "-CA", caCertificate, "-CAkey", path + "/ca-key.pem",
                "-CAcreateserial", "-days", "2", "-extfile", path + "/server.ext", "-out", serverCertificate,
            ],
            [
                "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=root", "-keyout", clientKey,
                "-out", path + "/client.csr",
            ],
            [
                "x509", "-req", "-in", path + "/client.csr", "-CA", caCertificate, "-CAkey", path + "/ca-key.pem",
                "-CAcreateserial", "-days", "2", "-extfile", path + "/client.ext", "-out", clientCertificate,
            ],
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=stranger",
                "-keyout", strangerKey, "-out", strangerCertificate,
            ],
        ]
        for step in steps {
            let result = try ChildProcess.run("openssl", step)
            guard result.status == 0 else { throw CocoaError(.fileWriteUnknown) }
        }
    }
}

/// A cluster started once and shared by the tests of a suite (starting one takes a while); it is
/// stopped when the test process exits.
public actor SharedEtcdCluster {
    private var cluster: EtcdCluster?

    public init() {}

    /// The cluster, started on first use.
    public func get() async throws -> EtcdCluster {
        if let cluster { return cluster }
        let started = try await EtcdCluster()
        cluster = started
        return started
    }
}

/// The clusters still running, killed when the test process exits so no member outlives it.
final class RunningClusters: @unchecked Sendable {
    static let shared: RunningClusters = {
        let clusters = RunningClusters()
        atexit { RunningClusters.shared.stopAll() }
        return clusters
    }()

    private let lock = NSLock()
    private var clusters: [ObjectIdentifier: EtcdCluster] = [:]

    func add(_ cluster: EtcdCluster) {
        lock.withLock { clusters[ObjectIdentifier(cluster)] = cluster }
    }

    func remove(_ cluster: EtcdCluster) {
        _ = lock.withLock { clusters.removeValue(forKey: ObjectIdentifier(cluster)) }
    }

    func stopAll() {
        for cluster in lock.withLock({ Array(clusters.values) }) { cluster.stop() }
    }
}
