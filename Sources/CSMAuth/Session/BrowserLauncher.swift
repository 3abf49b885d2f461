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

    /// Why no browser can be shown here, or nil when one probably can: no `BROWSER` is set and
    /// there is no display (`DISPLAY`, `WAYLAND_DISPLAY`), or this is an SSH session without a
    /// forwarded display. `xdg-open` would fail there (or open a text browser on the terminal).
    public var headlessReason: String? {
        #if os(Linux)
        func isSet(_ name: String) -> Bool { !(environment[name] ?? "").isEmpty }
        guard !isSet("BROWSER"), !isSet("DISPLAY"), !isSet("WAYLAND_DISPLAY") else { return nil }
        if isSet("SSH_CONNECTION") || isSet("SSH_TTY") { return "this is an SSH session without a forwarded display" }
        return "there is no display (DISPLAY and WAYLAND_DISPLAY are not set)"
        #else
        return nil
        #endif
    }

    /// The command's name as the user knows it, for messages: `xdg-open`, or `BROWSER`'s first word.
    public var commandName: String { command[0] }

    /// Starts the browser without waiting for it. Its output goes to /dev/null, so it can never
    /// mix with what csm-auth prints.
    /// - Parameter failed: called once, from another thread, if the command exits with a status
    ///   other than 0 (`xdg-open` exits 3 when it finds no browser), with that status.
    /// - Returns: false when the command cannot be found or started.
    public func open(_ url: URL, failed: @escaping @Sendable (Int32) -> Void = { _ in }) -> Bool {
        guard let executable = Self.resolve(command[0], path: environment["PATH"] ?? "/usr/bin:/bin") else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(command.dropFirst()) + [url.absoluteString]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.terminationHandler = { finished in
            if finished.terminationReason == .exit && finished.terminationStatus != 0 { failed(finished.terminationStatus) }
        }
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
