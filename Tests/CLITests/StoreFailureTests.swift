import Foundation
import TestSupport
import Testing

/// A keyring that is locked or unreachable, or a profile kept in another program's store, is exit 5
/// with its own reason — never "not logged in", never a silent fallback to a file, and nothing
/// written to disk.
@Suite(.blocking) struct StoreFailureTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
        // A profile whose secrets are in the keyring, written by hand as a user could.
        let folder = cli.folder.path + "/config"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "[\(cli.profile)]\nclient_id = x\ncloud_id = c\n".write(
            toFile: folder + "/config", atomically: true, encoding: .utf8)
    }

    @Test func unreachableBusIsExitFive() throws {
        for command in [["status"], ["token"]] {
            let result = try cli.run(command, environment: ["DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus"])
            #expect(result.status == 5, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("Secret Service"))
            #expect(!result.stderr.contains("not logged in"))
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test func lockedKeyringIsExitFiveAndSaysLocked() throws {
        let result = try cli.runWithLockedKeyring(["status"])
        #expect(result.status == 5, "\(result.stderr)")
        #expect(result.stderr.contains("keyring is locked"))
    }

    @Test func loginWithUnreachableKeyringStopsBeforeTheBrowser() throws {
        let marker = cli.folder.path + "/browser-was-opened"
        cli.extraEnvironment["BROWSER"] = try cli.script("browser", "touch '\(marker)'")
        let result = try cli.run(
            ["login", "--callback-url", "http://127.0.0.1:\(cli.callbackPort)/callback", "--timeout", "5"],
            environment: ["DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus"])
        #expect(result.status == 5)
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(!FileManager.default.fileExists(atPath: cli.folder.path + "/data/csm-auth/credentials"))
    }

    /// A profile another program logged in to its own store (`storage = custom`, written by the
    /// library) cannot be used here: every command says which profile, why, and what to do, in one
    /// line and with exit 5, and nothing of the profile is lost.
    @Test func aCustomStorageProfileIsOneClearLineThatSaysWhatToDo() throws {
        let folder = cli.folder.path + "/config"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let config = "[\(cli.profile)]\nauth = oauth\nstorage = custom\nclient_id = x\ncloud_id = c\n"
        try config.write(toFile: folder + "/config", atomically: true, encoding: .utf8)
        for command in [["token"], ["header"], ["status"], ["status", "--json"], ["refresh"], ["logout"]] {
            let result = try cli.run(command)
            #expect(result.status == 5, "\(command): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(command)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("profile '\(cli.profile)'"), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("--storage keyring"), "\(command): \(result.stderr)")
        }
        #expect(try String(contentsOfFile: folder + "/config", encoding: .utf8).contains("storage = custom"))
        // Following the hint must not trip over the store it leaves: the secret is asked for, not read there.
        let login = try cli.run(
            ["login", "--storage", "keyring", "--no-browser", "--timeout", "5"],
            environment: ["CSM_AUTH_CLIENT_SECRET": nil, "CSM_AUTH_CLIENT_ID": "x"])
        #expect(login.status == 64, "\(login.stderr)")
        #expect(login.stderr.contains("no OAuth client secret"))
    }

    @Test func configWithBrokenLineIsOneClearError() throws {
        try "[\(cli.profile)]\nthis is not a setting\n".write(
            toFile: cli.folder.path + "/config/config", atomically: true, encoding: .utf8)
        let result = try cli.run(["status"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("config:2"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func invalidProfileNameIsAUsageError() throws {
        let result = try cli.run(["status", "--profile", "../../etc"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("invalid profile name"))
    }
}
