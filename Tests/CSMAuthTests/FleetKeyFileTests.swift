import Foundation
import TestSupport
import Testing

@testable import CSMAuth

/// `CSM_AUTH_FLEET_KEY_FILE`: the first key seals, the others open, and a file that others may
/// read or change, or that holds anything but keys, is refused with one line and no key in it.
@Suite struct FleetKeyFileTests {
    let folder: TemporaryFolder
    let current = FleetKey.generate()
    let old = FleetKey.generate()

    init() throws {
        folder = try TemporaryFolder()
    }

    /// Writes `text` to `name` in the folder with `mode`, and returns its path.
    @discardableResult
    func write(_ text: String, to name: String = "fleet.key", mode: Int = 0o600) throws -> String {
        let path = folder.path + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    /// Expects loading `path` to be refused with one store-unavailable line that contains
    /// `fragment` and no key material.
    func expectRefusal(
        _ path: String, _ fragment: String, leaked: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            let ring = try FleetKeyRing.load(path: path)
            Issue.record("loaded \(ring)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.category == .storeUnavailable, sourceLocation: sourceLocation)
            #expect(error.message.contains(fragment), "\(error.message)", sourceLocation: sourceLocation)
            #expect(!error.message.contains("\n"), sourceLocation: sourceLocation)
            for secret in leaked + [current.revealBase64(), old.revealBase64()] {
                #expect(!error.message.contains(secret.prefix(12)), "\(error.message)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func firstKeySealsAndTheOthersOpen() throws {
        let path = try write("\(current.revealBase64())\n\(old.revealBase64())\n")
        let ring = try FleetKeyRing.load(path: path)
        #expect(ring.current.id == current.id)
        #expect(ring.older.map(\.id) == [old.id])
    }

    @Test func commentsBlankLinesAndWhiteSpaceAreIgnored() throws {
        let text =
            "# fleet key, rotated today\n\n  \(current.revealBase64())  \r\n# the old one\n\t\(old.revealBase64())\n\n"
        let ring = try FleetKeyRing.load(path: try write(text))
        #expect(ring.current.id == current.id)
        #expect(ring.older.map(\.id) == [old.id])
    }

    @Test func keyFileWithoutFinalNewlineLoads() throws {
        #expect(try FleetKeyRing.load(path: try write(current.revealBase64())).current.id == current.id)
    }

    @Test func readOnlyKeyFileLoads() throws {
        let path = try write(current.revealBase64(), mode: 0o400)
        #expect(try FleetKeyRing.load(path: path).current.id == current.id)
    }

    @Test func symbolicLinkToAPrivateKeyFileLoads() throws {
        // Kubernetes mounts a Secret's files as links into a hidden folder.
        let target = try write(current.revealBase64())
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/link.key", withDestinationPath: target)
        #expect(try FleetKeyRing.load(path: folder.path + "/link.key").current.id == current.id)
    }

    @Test func variableNamesTheKeyFile() throws {
        let path = try write(current.revealBase64())
        #expect(try FleetKeyRing.load(variables: ["CSM_AUTH_FLEET_KEY_FILE": path]).current.id == current.id)
    }

    // MARK: Refused

    @Test func unsetVariableIsRefusedSayingHowToMakeAKey() {
        #expect {
            try FleetKeyRing.load(variables: [:])
        } throws: { error in
            let error = error as? FleetKeyFileError
            return error?.category == .storeUnavailable
                && error?.message
                    == "CSM_AUTH_FLEET_KEY_FILE is not set: point it at the fleet's key file, or make one with "
                    + "`(umask 077; csm-auth fleet-key > fleet.key)`"
        }
    }

    @Test func emptyVariableIsRefusedAsUnset() {
        #expect(throws: FleetKeyFileError.self) { try FleetKeyRing.load(variables: ["CSM_AUTH_FLEET_KEY_FILE": ""]) }
    }

    @Test func missingKeyFileIsRefused() {
        let path = folder.path + "/nope.key"
        expectRefusal(path, "cannot open the fleet key file \(path): No such file or directory; make one with")
    }

    @Test func keyFileReadableByOthersIsRefused() throws {
        let path = try write(current.revealBase64(), mode: 0o644)
        expectRefusal(
            path, "refusing to use the fleet key file \(path): group or others may read or change it (mode 644)")
    }

    @Test func keyFileReadableByGroupIsRefused() throws {
        let path = try write(current.revealBase64(), mode: 0o640)
        expectRefusal(path, "(mode 640); run `chmod 600 \(path)`")
    }

    @Test func keyFileWritableByGroupIsRefused() throws {
        let path = try write(current.revealBase64(), mode: 0o660)
        expectRefusal(path, "(mode 660)")
    }

    @Test func symbolicLinkToAKeyFileReadableByOthersIsRefused() throws {
        let target = try write(current.revealBase64(), mode: 0o644)
        let link = folder.path + "/link.key"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        expectRefusal(link, "refusing to use the fleet key file \(link): group or others may read or change it")
    }

    @Test func folderIsRefusedAsNotARegularFile() throws {
        let path = folder.path + "/dir.key"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
        expectRefusal(path, "it is not a regular file")
    }

    @Test(.enabled(if: getuid() == 0, "needs root to give a file away"))
    func keyFileOfAnotherUserIsRefused() throws {
        let path = try write(current.revealBase64())
        #expect(chown(path, 65534, 65534) == 0)
        expectRefusal(path, "it belongs to user 65534")
    }

    @Test func emptyKeyFileIsRefused() throws {
        let path = try write("")
        expectRefusal(
            path, "the fleet key file \(path) holds no key: put one made by `csm-auth fleet-key` on its first line")
    }

    @Test func commentOnlyKeyFileIsRefused() throws {
        let path = try write("# the key goes here\n\n   \n# \(current.revealBase64())\n")
        expectRefusal(path, "holds no key")
    }

    @Test func lineThatIsNotBase64IsRefusedByNumber() throws {
        let path = try write("# key\n\(current.revealBase64())\nnot-base64-at-all!\n")
        expectRefusal(path, "line 3 of \(path) is not a fleet key: base64 of 32 random bytes", leaked: ["not-base64"])
    }

    @Test func keyOf31BytesIsRefused() throws {
        let short = Data((0..<31).map { UInt8($0 + 100) }).base64EncodedString()
        let path = try write(short + "\n")
        expectRefusal(path, "line 1 of \(path) is not a fleet key: base64 of 32 random bytes", leaked: [short])
    }

    @Test func keyOf33BytesIsRefused() throws {
        let long = Data((0..<33).map { UInt8($0 + 100) }).base64EncodedString()
        let path = try write(current.revealBase64() + "\n" + long + "\n")
        expectRefusal(path, "line 2 of \(path) is not a fleet key: base64 of 32 random bytes", leaked: [long])
    }

    @Test func keyWithWhiteSpaceInsideIsRefused() throws {
        let line = current.revealBase64()
        let broken = line.prefix(20) + " " + line.dropFirst(20)
        let path = try write(String(broken))
        expectRefusal(path, "line 1 of \(path) is not a fleet key")
    }

    @Test func keyFileLargerThan64KiBIsRefused() throws {
        let path = try write(String(repeating: "#", count: 70_000))
        expectRefusal(path, "it is larger than 64 KiB")
    }
}
