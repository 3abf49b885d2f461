import Dispatch
import Glibc
import TestSupport
import Testing

@testable import CSMAuth

/// The profile's lock that a storm's processes take turns on, and that a login or a logout holds:
/// waiting for it must leave nothing behind that keeps the next waiter from taking it, end at
/// its timeout, and end early with the token its holder cached. Several `ProfileLock`s on one
/// file stand for several processes (each attempt opens the file itself, as a process does).
struct ProfileLockTests {
    static func lock(in folder: TemporaryFolder, cache: String? = "0") -> ProfileLock {
        let paths = CSMAuthPaths(
            configFolder: folder.path + "/config", dataFolder: folder.path + "/data", lockFolder: folder.path + "/locks"
        )
        return ProfileLock(profile: "p", paths: paths, variable: { $0 == "CSM_AUTH_KERNEL_CACHE" ? cache : nil })
    }

    /// A waiter that cannot watch the lock file (here it is gone; out of descriptors in the field)
    /// pauses before its caller looks again, instead of returning at once into a spinning loop.
    @Test func aWaitThatCannotWatchTheLockPausesInsteadOfSpinning() throws {
        let folder = try TemporaryFolder()
        let lock = Self.lock(in: folder)
        let started = ContinuousClock.now
        for _ in 0..<5 { lock.waitForRelease(timeout: .seconds(20)) }
        #expect(ContinuousClock.now - started >= .milliseconds(80))
    }

    @Test func waitingLeavesNoLockThatKeepsAnotherWaiterFromTheLock() throws {
        let folder = try TemporaryFolder()
        let lock = Self.lock(in: folder)
        var holder = try lock.tryTake()
        try #require(holder != nil)
        #expect(try lock.tryTake() == nil, "a second process took the lock that the first holds")
        let group = DispatchGroup()
        for _ in 0..<2 {
            DispatchQueue.global().async(group: group) { lock.waitForRelease(timeout: .seconds(20)) }
        }
        usleep(200_000)
        holder = nil  // the holder's process ends: the kernel drops its lock
        withExtendedLifetime(holder) {}
        #expect(group.wait(timeout: .now() + 20) == .success, "the waiters did not see the lock let go")
        // Both waiters are back; neither may hold anything now.
        let next = try lock.tryTake()
        #expect(next != nil, "a waiter kept a lock on the profile's lock file")
        #expect(try lock.tryTake() == nil)
        withExtendedLifetime(next) {}
    }

    @Test func waitersWithoutACacheTakeTheLockOneAfterTheOther() async throws {
        let folder = try TemporaryFolder()
        let lock = Self.lock(in: folder)
        var holder = try lock.tryTake()
        try #require(holder != nil)
        try await withThrowingTaskGroup(of: ProfileLock.Held?.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    guard case .locked(let held) = try await lock.acquire(timeout: .seconds(20)) else { return nil }
                    return held
                }
            }
            try await Task.sleep(for: .milliseconds(200))
            holder = nil
            withExtendedLifetime(holder) {}
            var first = try await group.next()
            #expect(first != nil, "a wait that watches no cache ended without the lock")
            #expect(try lock.tryTake() == nil, "two waiters hold the lock at once")
            first = nil  // the first lets go: the second has its turn
            withExtendedLifetime(first) {}
            let second = try await group.next()
            #expect(second != nil)
        }
    }

    @Test func waitingEndsAtTheTimeoutWhileTheLockIsHeld() throws {
        let folder = try TemporaryFolder()
        let lock = Self.lock(in: folder)
        let holder = try #require(try lock.tryTake())
        let started = ContinuousClock.now
        #expect {
            try lock.take(timeout: .milliseconds(200))
        } throws: { error in
            (error as? CSMAuthError)?.code == .lockTimeout
                && "\(error)".contains("the refresh lock of profile 'p' has been held")
        }
        #expect(ContinuousClock.now - started >= .milliseconds(200))
        lock.waitForRelease(timeout: .milliseconds(100))
        #expect(try lock.tryTake() == nil, "the holder still has the lock")
        withExtendedLifetime(holder) {}
    }

    @Test func aWaiterLeavesWithTheTokenItsHolderCachedWithoutTakingTheLock() async throws {
        let folder = try TemporaryFolder()
        let lock = Self.lock(in: folder, cache: nil)
        let cache = try #require(lock.cache)
        defer { cache.invalidate() }
        var holder = try lock.tryTake()
        try #require(holder != nil)
        let waiter = Task { try await lock.acquire(watching: ProfileLock.Watch(), timeout: .seconds(20)) }
        try await Task.sleep(for: .milliseconds(200))
        // The holder caches what it read, then lets go.
        let entry = KernelCachedCredential(
            scheme: .bearer, token: Secret("cached-token"), authorization: Secret("Bearer cached-token"),
            expiresAt: KernelClock.now() + 3600, cloudID: nil, apiURLSetting: nil, apiURLVariable: nil, csmBaseURL: nil)
        cache.store(entry, readAt: ConfigStamp(path: lock.paths.configFile))
        try #require(cache.lookup() != nil, "the kernel keyring cannot be used here")
        holder = nil
        withExtendedLifetime(holder) {}
        guard case .cached(let found) = try await waiter.value else {
            Issue.record("the waiter took the lock instead of the token its holder cached")
            return
        }
        #expect(found.token.reveal() == "cached-token")
        #expect(try lock.tryTake() != nil, "the waiter kept the lock")
    }

    @Test func theLocksFolderIsMadePrivateFirst() throws {
        let folder = try TemporaryFolder()
        let locks = folder.path + "/locks"
        try #require(mkdir(locks, 0o777) == 0 && chmod(locks, 0o777) == 0)
        #expect(try Self.lock(in: folder).tryTake() != nil)
        var info = stat()
        #expect(stat(locks, &info) == 0 && info.st_mode & 0o777 == 0o700)
    }

    @Test func aLockThroughASymbolicLinkIsNotUsed() throws {
        let folder = try TemporaryFolder()
        try #require(
            mkdir(folder.path + "/elsewhere", 0o700) == 0
                && symlink(folder.path + "/elsewhere", folder.path + "/locks") == 0)
        #expect(throws: CSMAuthError.self) { try Self.lock(in: folder).tryTake() }
    }
}
