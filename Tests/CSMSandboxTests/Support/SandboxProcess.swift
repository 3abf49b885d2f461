import Foundation
import Testing

/// The built `csm-sandbox` binary, run as a child process.
final class SandboxProcess: @unchecked Sendable {
    // @unchecked: the properties are set in init and only read afterwards (Process is thread-safe enough for terminate/wait).
    let process: Process
    private let stdout: Pipe
    private let stderr: Pipe

    /// Where the binary is: `$CSM_SANDBOX_BIN`, else next to the running test executable.
    ///
    /// A missing binary fails the test (it must not skip): `swift test` builds it with the tests.
    static func binaryPath() throws -> String {
        if let override = ProcessInfo.processInfo.environment["CSM_SANDBOX_BIN"], !override.isEmpty {
            return override
        }
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("csm-sandbox").path
    }

    /// Launches the binary with `arguments`.
    init(_ arguments: [String]) throws {
        let path = try Self.binaryPath()
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw CurlError(message: "csm-sandbox binary not found at \(path); build it or set CSM_SANDBOX_BIN")
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        stdout = Pipe()
        stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
    }

    deinit {
        if process.isRunning {
            process.terminate()
        }
    }

    /// Reads the first stdout line (without the newline), giving up after `timeout`.
    func firstLine(timeout: Duration = .seconds(20)) async throws -> String {
        let handle = stdout.fileHandleForReading
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            self.process.terminate()
        }
        // The reader calls off the watchdog the moment the line is in: the timeout is for the
        // child, not for this test's executor, which on a loaded machine (a sanitized run) can
        // take longer than `timeout` to resume the test, and then found its server terminated.
        let reader = Task.detached { () -> String in
            var bytes: [UInt8] = []
            while true {
                let chunk = handle.readData(ofLength: 1)
                if chunk.isEmpty || chunk.first == UInt8(ascii: "\n") { break }
                bytes.append(contentsOf: chunk)
            }
            watchdog.cancel()
            return String(decoding: bytes, as: UTF8.self)
        }
        return await reader.value
    }

    /// The base URL from the listening line.
    func baseURL() async throws -> String {
        let line = try await firstLine()
        let prefix = "csm-sandbox listening on "
        guard line.hasPrefix(prefix) else {
            throw CurlError(message: "unexpected first line '\(line)'; stderr: \(readStderr())")
        }
        return String(line.dropFirst(prefix.count))
    }

    /// Sends `signal` and waits for the exit status.
    func stop(signal: Int32 = SIGTERM) async -> Int32 {
        kill(process.processIdentifier, signal)
        return await exitStatus()
    }

    /// Waits for the process to end (at most 20 s, then it is killed) and returns its status.
    func exitStatus() async -> Int32 {
        let process = process
        let watchdog = Task {
            try await Task.sleep(for: .seconds(20))
            kill(process.processIdentifier, SIGKILL)
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                process.waitUntilExit()
                continuation.resume()
            }
        }
        watchdog.cancel()
        return process.terminationStatus
    }

    /// Everything written to stderr so far (call after the process ended).
    func readStderr() -> String {
        String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }
}
