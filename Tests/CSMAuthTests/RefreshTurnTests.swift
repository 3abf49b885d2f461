import Dispatch
import Glibc
import TestSupport
import Testing

@testable import CSMAuth

/// The turn a storm's processes take to read the store: waiting for it must leave nothing
/// behind that keeps the next waiter from taking it. Three `RefreshTurn`s on one file stand for
/// three processes (each opens the file itself, as a process does).
struct RefreshTurnTests {
    @Test func waitingLeavesNoLockThatKeepsAnotherWaiterFromTheTurn() throws {
        let folder = try TemporaryFolder()
        let opened = try #require(RefreshTurn(folder: folder.path + "/locks", profile: "p"))
        var holder: RefreshTurn? = consume opened
        let first = try #require(RefreshTurn(folder: folder.path + "/locks", profile: "p"))
        let second = try #require(RefreshTurn(folder: folder.path + "/locks", profile: "p"))
        #expect(holder?.tryTake() == true)
        #expect(!first.tryTake() && !second.tryTake())
        let group = DispatchGroup()
        for waiter in [first, second] {
            DispatchQueue.global().async(group: group) { waiter.waitForRelease(timeout: .seconds(20)) }
        }
        usleep(200_000)
        holder = nil  // the holder's process ends: the kernel drops its lock
        #expect(group.wait(timeout: .now() + 20) == .success, "the waiters did not see the turn let go")
        // Both waiters are back; neither may hold anything now.
        #expect(first.tryTake(), "a waiter kept a lock on the turn")
        #expect(!second.tryTake())
    }

    @Test func waitingEndsAtTheTimeoutWhileTheTurnIsHeld() throws {
        let folder = try TemporaryFolder()
        let holder = try #require(RefreshTurn(folder: folder.path + "/locks", profile: "p"))
        let waiter = try #require(RefreshTurn(folder: folder.path + "/locks", profile: "p"))
        #expect(holder.tryTake())
        waiter.waitForRelease(timeout: .milliseconds(100))
        #expect(!waiter.tryTake(), "the holder still has the turn")
    }

    @Test func theTurnsFolderIsMadePrivateFirst() throws {
        let folder = try TemporaryFolder()
        let locks = folder.path + "/locks"
        try #require(mkdir(locks, 0o777) == 0 && chmod(locks, 0o777) == 0)
        #expect(RefreshTurn(folder: locks, profile: "p") != nil)
        var info = stat()
        #expect(stat(locks, &info) == 0 && info.st_mode & 0o777 == 0o700)
    }

    @Test func aTurnThroughASymbolicLinkIsNotUsed() throws {
        let folder = try TemporaryFolder()
        try #require(
            mkdir(folder.path + "/elsewhere", 0o700) == 0
                && symlink(folder.path + "/elsewhere", folder.path + "/locks") == 0)
        #expect(RefreshTurn(folder: folder.path + "/locks", profile: "p") == nil)
    }
}
