import Dispatch
import FoundationEssentials

/// Opens URLs in the user's browser: `$BROWSER URL` when `BROWSER` is set, else `xdg-open URL`.
struct BrowserLauncher: Sendable {
    /// Where the command is found (`BROWSER`, `PATH`, `DISPLAY`…), and the browser's
    /// environment, the secrets taken out (``browserEnvironment``).
    let environment: [String: String]

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
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
    var headlessReason: String? {
        #if os(Linux)
            func isSet(_ name: String) -> Bool { !(environment[name] ?? "").isEmpty }
            guard !isSet("BROWSER"), !isSet("DISPLAY"), !isSet("WAYLAND_DISPLAY") else { return nil }
            if isSet("SSH_CONNECTION") || isSet("SSH_TTY") {
                return "this is an SSH session without a forwarded display"
            }
            return "there is no display (DISPLAY and WAYLAND_DISPLAY are not set)"
        #else
            return nil
        #endif
    }

    /// The command's name as the user knows it, for messages: `xdg-open`, or `BROWSER`'s first word.
    var commandName: String { command[0] }

    /// Starts the browser without waiting for it. Its output goes to /dev/null, so it can never
    /// mix with what csm-auth prints.
    /// - Parameter failed: called once, from another thread, if the command exits with a status
    ///   other than 0 (`xdg-open` exits 3 when it finds no browser), with that status.
    /// - Returns: nil once the command started, else why it could not be: "not found", the
    ///   system's words for the error (`Permission denied` for a file without execute
    ///   permission), or "its interpreter is missing (…)" for a script whose `#!` names nothing.
    func open(_ url: URL, failed: @escaping @Sendable (Int32) -> Void = { _ in }) -> String? {
        guard let executable = Self.resolve(command[0], path: environment["PATH"] ?? "/usr/bin:/bin") else {
            return "not found"
        }
        let child: ChildProcess
        let arguments = [executable] + command.dropFirst() + [url.absoluteString]
        switch Self.spawn(executable, arguments: arguments, environment: browserEnvironment) {
        case .success(let started): child = started
        case .failure(let error):
            let reason = error.message
            // The file was there: ENOENT means what it names (a `#!` interpreter, an ELF loader) is not.
            guard error == .noSuchFile else { return reason }
            return Self.isFile(executable) ? "its interpreter is missing (\(reason))" : "not found"
        }
        // Reaped on a thread of its own: a browser may run for as long as the login takes.
        DispatchQueue.global().async {
            if let code = child.waitForExit(), code != 0 { failed(code) }
        }
        return nil
    }

    /// Starts `executable` (see ``ChildProcess/spawn(_:arguments:environment:)``), trying again
    /// for up to about a second while it is "Text file busy" (`ETXTBSY`): a script just written
    /// is, for as long as any process that forked in the meantime still holds the writer's
    /// descriptor (a script that another tool is saving).
    private static func spawn(_ executable: String, arguments: [String], environment: [String]) -> Result<
        ChildProcess, SystemError
    > {
        var attempt = 1
        while true {
            let result = Result { () throws(SystemError) in
                try ChildProcess.spawn(executable, arguments: arguments, environment: environment)
            }
            guard case .failure(let error) = result, error == .textFileBusy, attempt < 20 else { return result }
            attempt += 1
            SystemThread.sleep(microseconds: 50_000)
        }
    }

    /// Variables of ours that hold secrets. The browser may outlive the login by days and hands
    /// its environment to everything it starts, so it does not get them.
    /// (`exec`'s command keeps `CSM_AUTH_TOKEN`, which its caller handed on on purpose.)
    static let withheldVariables: Set<String> = CredentialVariables.withheldFromCommands.union(["CSM_AUTH_TOKEN"])

    /// The browser's environment (`NAME=value` entries): ``environment`` without ``withheldVariables``.
    var browserEnvironment: [String] {
        environment.compactMap { name, value in Self.withheldVariables.contains(name) ? nil : "\(name)=\(value)" }
    }

    /// The executable's path, nil when there is none. As the shell does: a name with a slash as
    /// given when it exists; else the first executable file (not directory) of that name in
    /// `path`, or failing that the first such file at all, so that starting it says why
    /// (`Permission denied`) instead of "not found".
    static func resolve(_ name: String, path: String) -> String? {
        if name.contains("/") { return FileManager.default.fileExists(atPath: name) ? name : nil }
        let files = path.split(separator: ":").map { "\($0)/\(name)" }.filter(isFile)
        return files.first(where: FileSystem.isExecutable) ?? files.first
    }

    /// Whether `path` names something other than a directory (following symbolic links).
    private static func isFile(_ path: String) -> Bool {
        guard let status = try? FileStatus(path: path) else { return false }
        return !status.isDirectory
    }
}
