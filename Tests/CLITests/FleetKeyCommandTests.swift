import CSMAuth
import Foundation
import TestSupport
import Testing

/// `csm-auth fleet-key`: one new key on stdout, nothing else, and one line when stdout fails.
@Suite(.blocking) struct FleetKeyCommandTests {
    let cli: CLIHarness

    init() throws {
        cli = try CLIHarness()
    }

    @Test func printsOneKeyLineThatAKeyFileAccepts() throws {
        let result = try cli.run(["fleet-key"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.hasSuffix("\n"))
        #expect(result.stdout.filter { $0 == "\n" }.count == 1)
        let key = try #require(FleetKey(base64Line: result.stdout))
        let path = cli.folder.path + "/fleet.key"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(result.stdout.utf8)))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        #expect(try FleetKeyRing.load(path: path).current.id == key.id)
    }

    @Test func twoRunsPrintDifferentKeys() throws {
        let first = try cli.run(["fleet-key"])
        let second = try cli.run(["fleet-key"])
        #expect(first.status == 0 && second.status == 0)
        #expect(first.stdout != second.stdout)
    }

    @Test func documentedStoringMakesAFileTheKeyRingLoads() throws {
        let result = try cli.shell(
            #"cd "$HOME/.." && (umask 077; "$CSM" fleet-key > fleet.key) && stat -c %a fleet.key"#)
        #expect(result.status == 0)
        #expect(result.stdout == "600\n")
        #expect(try FleetKeyRing.load(path: cli.folder.path + "/fleet.key").older.isEmpty)
    }

    @Test func closedStandardOutputFailsWithOneLine() throws {
        let result = try cli.shell(#""$CSM" fleet-key >&-"#)
        #expect(result.status == 1)
        #expect(result.stderr == "csm-auth: cannot write to standard output: Bad file descriptor\n")
    }

    @Test func fullStandardOutputFailsWithOneLine() throws {
        let result = try cli.shell(#""$CSM" fleet-key >/dev/full"#)
        #expect(result.status == 1)
        #expect(result.stderr == "csm-auth: cannot write to standard output: No space left on device\n")
    }

    @Test func helpSaysHowToStoreAndRotateTheKey() throws {
        let help = try cli.run(["fleet-key", "--help"], environment: ["COLUMNS": "400"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("(umask 077; csm-auth fleet-key > fleet.key)"))
        #expect(help.stdout.contains("csm-auth fleet-key > fleet.key && chmod 600 fleet.key"))
        #expect(help.stdout.contains("CSM_AUTH_FLEET_KEY_FILE"))
        #expect(help.stdout.contains("csm-auth fleet-key --reseal"))
    }

    @Test func resealWithoutAKeyFileIsRefusedWithExit5() throws {
        let result = try cli.run(["fleet-key", "--reseal"], environment: ["CSM_AUTH_FLEET_KEY_FILE": nil])
        #expect(result.status == 5)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("csm-auth: CSM_AUTH_FLEET_KEY_FILE is not set"))
    }

    @Test func resealWithAKeyFileOpenToOthersIsRefusedWithoutTheKey() throws {
        let key = FleetKey.generate()
        let path = cli.folder.path + "/open.key"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(key.revealBase64().utf8)))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let result = try cli.run(["fleet-key", "--reseal"], environment: ["CSM_AUTH_FLEET_KEY_FILE": path])
        #expect(result.status == 5)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("(mode 644)"))
        #expect(!result.stderr.contains(key.revealBase64().prefix(12)))
    }

    @Test func unknownOptionIsAUsageError() throws {
        let result = try cli.run(["fleet-key", "--bits", "128"])
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
    }
}
