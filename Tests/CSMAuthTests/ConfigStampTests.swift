import Foundation
import Glibc
import TestSupport
import Testing

@testable import CSMAuth

/// What tells the kernel cache that the settings file changed, and whether it may still be trusted.
struct ConfigStampTests {
    let folder: TemporaryFolder
    var file: String { folder.path + "/config" }

    init() throws {
        folder = try TemporaryFolder()
        chmod(folder.path, 0o700)
        try "[default]\nauth = oauth\n".write(toFile: folder.path + "/config", atomically: false, encoding: .utf8)
        chmod(folder.path + "/config", 0o600)
    }

    /// The file's access and modification times, to put back after an edit as `touch -r` does.
    func times() -> [timespec] {
        var info = stat()
        _ = stat(file, &info)
        return [info.st_atim, info.st_mtim]
    }

    @Test func anEditInPlaceWithItsModificationTimePutBackChangesTheStamp() throws {
        let before = ConfigStamp(path: file)
        var original = times()
        usleep(20_000)
        // The same size, the same inode: only the bytes and the inode's change time differ.
        let descriptor = open(file, O_WRONLY | O_CLOEXEC)
        try #require(descriptor >= 0)
        try #require(pwrite(descriptor, "X", 1, 1) == 1)
        close(descriptor)
        try #require(utimensat(AT_FDCWD, file, &original, 0) == 0)
        let now = times()[1]
        #expect(now.tv_sec == original[1].tv_sec && now.tv_nsec == original[1].tv_nsec)
        #expect(ConfigStamp(path: file) != before)
    }

    @Test func aModeChangeChangesTheStamp() throws {
        let before = ConfigStamp(path: file)
        usleep(20_000)
        try #require(chmod(file, 0o400) == 0)
        #expect(ConfigStamp(path: file) != before)
    }

    @Test func anUnchangedFileKeepsItsStamp() {
        #expect(ConfigStamp(path: file) == ConfigStamp(path: file))
        #expect(ConfigStamp.trusted(file: file, folder: folder.path) == ConfigStamp(path: file))
    }

    @Test func aMissingFileHasAStampAndIsTrustedAsTheStoreTrustsIt() {
        let missing = folder.path + "/missing"
        #expect(ConfigStamp(path: missing).text == "none")
        #expect(ConfigStamp.trusted(file: missing, folder: folder.path)?.text == "none")
    }

    @Test(arguments: [0o620, 0o602, 0o666] as [mode_t])
    func aFileOthersCanWriteIsNotTrusted(_ mode: mode_t) throws {
        try #require(chmod(file, mode) == 0)
        #expect(ConfigStamp.trusted(file: file, folder: folder.path) == nil)
    }

    @Test func aFolderOthersCanWriteIsNotTrusted() throws {
        try #require(chmod(folder.path, 0o770) == 0)
        #expect(ConfigStamp.trusted(file: file, folder: folder.path) == nil)
        try #require(chmod(folder.path, 0o755) == 0)
        #expect(ConfigStamp.trusted(file: file, folder: folder.path) != nil, "readable by others is fine")
    }

    @Test func aSymbolicLinkIsNotTrustedNorStampedAsItsTarget() throws {
        let target = folder.path + "/elsewhere"
        try #require(rename(file, target) == 0 && symlink(target, file) == 0)
        #expect(ConfigStamp.trusted(file: file, folder: folder.path) == nil)
        #expect(ConfigStamp(path: file) != ConfigStamp(path: target))
    }

    @Test func aFIFOIsNotTrusted() throws {
        try #require(unlink(file) == 0 && mkfifo(file, 0o600) == 0)
        #expect(ConfigStamp.trusted(file: file, folder: folder.path) == nil)
    }

    @Test(.enabled(if: geteuid() == 0, "changing a file's owner needs root"))
    func aFileOfAnotherUserIsNotTrusted() throws {
        try #require(chown(file, 65534, 65534) == 0)
        #expect(ConfigStamp.trusted(file: file, folder: folder.path) == nil)
    }
}
