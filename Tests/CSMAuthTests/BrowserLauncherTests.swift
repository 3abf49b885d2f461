import Foundation
import TestSupport
import Testing

@testable import CSMAuth

#if canImport(Glibc)
    import Glibc
#endif

/// Starting the browser command for real, with scripts in a folder of the test's own.
/// `.blocking`: `open` holds its thread while it retries a busy script (a second when it stays busy).
@Suite(.blocking) struct BrowserLauncherTests {
    let temporary: TemporaryFolder
    var folder: String { temporary.path }

    init() throws {
        temporary = try TemporaryFolder()
    }

    /// Writes an executable file and returns its path.
    private func executable(_ name: String, _ contents: String) throws -> String {
        let path = folder + "/" + name
        try contents.write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    private func launcher(_ browser: String) -> BrowserLauncher {
        BrowserLauncher(environment: ["BROWSER": browser, "PATH": "/usr/bin:/bin"])
    }

    private let url = URL(string: "http://127.0.0.1:1/authorize")!

    @Test func theCommandGetsTheURLAsItsLastArgument() async throws {
        let marker = folder + "/opened"
        // Renamed into place once written: the redirection creates the file before printf fills it.
        let browser = try executable(
            "browser", "#!/bin/sh\nprintf '%s' \"$1\" > '\(marker).new' && mv '\(marker).new' '\(marker)'\n")
        #expect(launcher(browser).open(url) == nil)
        #expect(try await waitForFile(atPath: marker))
        #expect(try String(contentsOfFile: marker, encoding: .utf8) == url.absoluteString)
    }

    /// The browser runs with the variables the launcher was given, the secrets taken out.
    @Test func theBrowserGetsTheGivenVariablesButNoSecret() async throws {
        let seen = folder + "/environment"
        let browser = try executable("env-browser", "#!/bin/sh\nenv > '\(seen).new' && mv '\(seen).new' '\(seen)'\n")
        let launcher = BrowserLauncher(environment: [
            "BROWSER": browser, "PATH": "/usr/bin:/bin", "GIVEN_ONLY_HERE": "yes",
            "CSM_AUTH_CLIENT_SECRET": "client-secret-value", "CSM_AUTH_TOKEN": "token-value",
        ])
        #expect(launcher.open(url) == nil)
        #expect(try await waitForFile(atPath: seen))
        let lines = try String(contentsOfFile: seen, encoding: .utf8).split(separator: "\n")
        #expect(lines.contains("GIVEN_ONLY_HERE=yes"))
        #expect(!lines.contains { $0.hasPrefix("CSM_AUTH_CLIENT_SECRET=") || $0.hasPrefix("CSM_AUTH_TOKEN=") })
    }

    @Test func aMissingCommandIsNotFound() {
        #expect(launcher(folder + "/no-such-browser").open(url) == "not found")
    }

    @Test func aFileThatCannotBeExecutedGivesTheSystemsReason() throws {
        let junk = try executable("junk", "\u{7}\u{1}not a program\n")
        #expect(launcher(junk).open(url) == String(cString: strerror(ENOEXEC)))
    }

    /// A file the user forgot to make executable is there: the shell's reason, not "not found".
    @Test func aFileWithoutExecutePermissionIsRefusedNotMissing() throws {
        let script = try executable("not-executable", "#!/bin/sh\nexit 0\n")
        chmod(script, 0o644)
        #expect(launcher(script).open(url) == String(cString: strerror(EACCES)))
    }

    /// A script whose `#!` interpreter is missing exists: saying "No such file or directory"
    /// alone would send the user looking for the script.
    @Test func aScriptWhoseInterpreterIsMissingSaysSo() throws {
        let script = try executable("no-interpreter", "#!/no/such/interpreter\nexit 0\n")
        #expect(launcher(script).open(url) == "its interpreter is missing (\(String(cString: strerror(ENOENT))))")
    }

    /// As in the shell, a directory in `PATH` with the command's name does not hide the command
    /// further on.
    @Test func aDirectoryInPathDoesNotHideTheCommand() async throws {
        let marker = folder + "/opened"
        mkdir(folder + "/first", 0o755)
        mkdir(folder + "/first/browser", 0o755)
        mkdir(folder + "/second", 0o755)
        _ = try executable("second/browser", "#!/bin/sh\ntouch '\(marker)'\n")
        let launcher = BrowserLauncher(environment: [
            "BROWSER": "browser", "PATH": folder + "/first:" + folder + "/second:/usr/bin:/bin",
        ])
        try #require(launcher.open(url) == nil)
        #expect(try await waitForFile(atPath: marker))
    }

    /// A script still open for writing (here by this process, as by a process that forked while
    /// it was being saved) cannot be executed: the launcher tries again until it can.
    @Test func aScriptBusyForAMomentStillStarts() async throws {
        let marker = folder + "/opened"
        let browser = try executable("busy", "#!/bin/sh\ntouch '\(marker)'\n")
        let writer = open(browser, O_WRONLY | O_CLOEXEC)
        try #require(writer >= 0)
        // Long enough that the first attempt surely finds it busy (a launcher that does not retry
        // fails here), well within the second the launcher keeps trying.
        let closer = Thread {
            usleep(200_000)
            close(writer)
        }
        closer.start()
        try #require(launcher(browser).open(url) == nil)
        #expect(try await waitForFile(atPath: marker))
    }

    @Test func aScriptThatStaysBusyIsReportedAsBusy() throws {
        let browser = try executable("held", "#!/bin/sh\nexit 0\n")
        let writer = open(browser, O_WRONLY | O_CLOEXEC)
        try #require(writer >= 0)
        defer { close(writer) }
        #expect(launcher(browser).open(url) == String(cString: strerror(ETXTBSY)))
    }

    @Test func aCommandThatExitsWithAFailureIsReportedWithItsStatus() async throws {
        let browser = try executable("failing", "#!/bin/sh\nexit 3\n")
        let status = AsyncStream<Int32>.makeStream()
        #expect(launcher(browser).open(url) { status.continuation.yield($0) } == nil)
        var statuses = status.stream.makeAsyncIterator()
        #expect(await statuses.next() == 3)
    }
}
