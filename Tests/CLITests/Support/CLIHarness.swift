import CKernelKeyring
import CSMSandbox
import Foundation
import TestSupport

/// Runs the built `csm-auth` binary in a private world: its own config, data and lock folders
/// and its own profile name (the keyring of the test session is shared, so names must differ).
final class CLIHarness: @unchecked Sendable {
    let folder: TemporaryFolder
    let profile = "cli-\(UUID().uuidString.prefix(8).lowercased())"
    let callbackPort: Int
    let clientID = "cli-test-client"
    let clientSecret = "cli-test-secret-\(UUID().uuidString)"
    var extraEnvironment: [String: String] = [:]

    init() throws {
        folder = try TemporaryFolder()
        callbackPort = try freeLoopbackPort()
    }

    /// Drops the kernel-cache keys of this harness's profiles: they would outlive the test by up
    /// to an hour, and a user other than root may hold only 200 keys.
    deinit {
        guard let real = realpath(folder.path, nil) else { return }
        defer { free(real) }
        let prefix = String(cString: real) + "/"
        for key in (try? KernelKeyLine.all()) ?? [] where key.description.contains(":" + prefix) {
            _ = ckeyring_invalidate(key.id)
        }
    }

    var callbackURL: String { "http://127.0.0.1:\(callbackPort)/callback" }

    /// A sandbox client registered for this harness's callback URL.
    var sandboxClient: SandboxClient {
        SandboxClient(id: clientID, secret: clientSecret, redirectURIs: [callbackURL])
    }

    /// The folder of the built products: next to the running test binary, or `CSM_AUTH_BIN_DIR`.
    static let binaryFolder: String = {
        if let folder = ProcessInfo.processInfo.environment["CSM_AUTH_BIN_DIR"] { return folder }
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return (executable as NSString).deletingLastPathComponent
    }()

    static var csmAuth: String { binaryFolder + "/csm-auth" }

    /// The environment of every run: the test session's D-Bus and PATH, folders of our own.
    func environment(sandbox: SandboxServer?) -> [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        var environment: [String: String] = [
            "PATH": inherited["PATH"] ?? "/usr/bin:/bin",
            "HOME": folder.path + "/home",
            "CSM_AUTH_CONFIG_DIR": folder.path + "/config",
            "XDG_DATA_HOME": folder.path + "/data",
            "XDG_RUNTIME_DIR": folder.path + "/runtime",
            "CSM_AUTH_PROFILE": profile,
            "CSM_AUTH_CLIENT_ID": clientID,
            "CSM_AUTH_CLIENT_SECRET": clientSecret,
            "LANG": "C.UTF-8",
        ]
        if let bus = inherited["DBUS_SESSION_BUS_ADDRESS"] { environment["DBUS_SESSION_BUS_ADDRESS"] = bus }
        // Under scripts/sanitize the binary is instrumented too: its reports must go where the script looks.
        for name in ["ASAN_OPTIONS", "TSAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"] {
            if let options = inherited[name] { environment[name] = options }
        }
        if let sandbox {
            environment["CSM_AUTH_AUTH_URL"] = sandbox.baseURL
            environment["CSM_AUTH_API_URL"] = sandbox.baseURL
        }
        environment.merge(extraEnvironment) { _, new in new }
        return environment
    }

    /// Runs `csm-auth ARGS` to completion.
    @discardableResult
    func run(
        _ arguments: [String], sandbox: SandboxServer? = nil, environment overrides: [String: String?] = [:],
        input: String? = nil
    ) throws -> ChildProcess.Result {
        var environment = environment(sandbox: sandbox)
        for (name, value) in overrides { environment[name] = value }
        return try ChildProcess.run(Self.csmAuth, arguments, environment: environment, input: input)
    }

    /// Runs `csm-auth ARGS` in `count` processes at once (a refresh storm) and returns every result.
    func storm(_ count: Int, _ arguments: [String], sandbox: SandboxServer) async throws -> [ChildProcess.Result] {
        let environment = environment(sandbox: sandbox)
        return try await withThrowingTaskGroup(of: ChildProcess.Result.self) { group in
            for _ in 0..<count {
                group.addTask { try ChildProcess.run(Self.csmAuth, arguments, environment: environment) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    /// Runs a shell script with this harness's environment and `$CSM` naming the built binary,
    /// for what a child process cannot set up itself: closed or full standard streams, pipes, signals.
    @discardableResult
    func shell(
        _ script: String, sandbox: SandboxServer? = nil, environment overrides: [String: String?] = [:],
        input: String? = nil,
        program: String = "/bin/sh"
    ) throws -> ChildProcess.Result {
        var environment = environment(sandbox: sandbox)
        environment["CSM"] = Self.csmAuth
        for (name, value) in overrides { environment[name] = value }
        return try ChildProcess.run(program, ["-c", script], environment: environment, input: input)
    }

    /// Runs `csm-auth login …`, waits for the authorization URL on stderr, and hands it to `respond`,
    /// whose answer (if any) is written to standard input.
    func interactiveLogin(
        _ arguments: [String], server: SandboxServer, environment overrides: [String: String?] = [:],
        respond: @escaping (String) throws -> String?
    ) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.csmAuth)
        process.arguments = ["login"] + arguments
        var environment = environment(sandbox: server)
        for (name, value) in overrides { environment[name] = value }
        process.environment = environment
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var text = ""
        var answered = false
        while true {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            if !answered, let line = text.split(separator: "\n").first(where: { $0.contains("/authorize?") }) {
                answered = true
                if let reply = try respond(String(line)) { input.fileHandleForWriting.write(Data((reply + "\n").utf8)) }
                try input.fileHandleForWriting.close()
            }
        }
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// Logs in through the browser flow, with curl as the browser (it follows the start link to
    /// the sandbox, which approves at once), and `extra` arguments after the callback URL.
    @discardableResult
    func browserLogin(_ server: SandboxServer, _ extra: [String] = []) throws -> ChildProcess.Result {
        extraEnvironment["BROWSER"] = try script("browser", #"exec curl -sS -L -o /dev/null "$1""#)
        return try run(["login", "--callback-url", callbackURL, "--timeout", "30"] + extra, sandbox: server)
    }

    /// Logs `account` in as a service account of the sandbox's first site (its secret on standard
    /// input, none in the environment), with `extra` arguments.
    @discardableResult
    func serviceAccountLogin(
        _ account: SandboxServiceAccount, _ server: SandboxServer, _ extra: [String] = [], secret: String? = nil
    ) throws -> ChildProcess.Result {
        try run(
            [
                "login", "--client-credentials", "--client-id", account.id, "--client-secret-stdin", "--site",
                server.sites[0].url,
            ] + extra,
            sandbox: server, environment: ["CSM_AUTH_CLIENT_ID": nil, "CSM_AUTH_CLIENT_SECRET": nil],
            input: (secret ?? account.secret) + "\n")
    }

    /// Runs `csm-auth ARGS` in a private keyring session of its own, whose collection holds an
    /// item of this profile and is then locked: locking it cannot disturb other tests.
    func runWithLockedKeyring(_ arguments: [String]) throws -> ChildProcess.Result {
        let script = """
            printf 'secret' | secret-tool store --label=x service csm-auth profile \(profile) &&
            dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \\
              org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null &&
            "$@"
            """
        var environment = environment(sandbox: nil)
        environment.removeValue(forKey: "DBUS_SESSION_BUS_ADDRESS")
        return try ChildProcess.run(
            ChildProcess.packageRoot.path + "/scripts/with-keyring",
            ["sh", "-c", script, "sh", Self.csmAuth] + arguments,
            environment: environment)
    }

    /// Writes an executable script (a browser stand-in, say) and returns its path.
    func script(_ name: String, _ body: String) throws -> String {
        let path = folder.path + "/" + name
        try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    /// Every file under the harness folder, for "no secret on disk" checks.
    func allFileContents() -> String {
        var text = ""
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        while let relative = enumerator?.nextObject() as? String {
            let path = folder.path + "/" + relative
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
                let data = FileManager.default.contents(atPath: path)
            {
                text += String(decoding: data, as: UTF8.self)
            }
        }
        return text
    }
}
