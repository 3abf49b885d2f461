import Foundation

/// Opens URLs in the user's browser: `$BROWSER URL` when `BROWSER` is set, else `xdg-open URL`.
public struct BrowserLauncher: Sendable {
    public let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The command and its arguments, before the URL. `BROWSER` may carry arguments (`firefox --new-tab`).
    var command: [String] {
        let configured = environment["BROWSER"].map { $0.split(separator: " ").map(String.init) } ?? []
        return configured.isEmpty ? ["xdg-open"] : configured
    }

    /// Starts the browser without waiting for it. Its output goes to /dev/null, so it can never
    /// mix with what csm-auth prints. Returns false when the command cannot be started.
    public func open(_ url: URL) -> Bool {
        guard let executable = Self.resolve(command[0], path: environment["PATH"] ?? "/usr/bin:/bin") else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(command.dropFirst()) + [url.absoluteString]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            return true
        } catch {
            return false
        }
    }

    /// The executable's path: as given when it contains a slash, else the first match in `path`.
    static func resolve(_ name: String, path: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
