import Foundation
import TestSupport
import Testing

@testable import CSMAuth

@Suite(.enabled(if: EtcdCluster.isAvailable, "etcd is not installed: scripts/setup installs etcd-server"))
struct EtcdClientTests {
    let client: EtcdClient
    let prefix: String

    init() async throws {
        client = etcdClient(try await sharedEtcdCluster.get())
        prefix = client.configuration.prefix
    }

    @Test func anAnswerOverTheSizeLimitIsNamedAsSuch() async throws {
        // Seven values of 1 MiB read back as about 9.3 MiB of base64: over the 8 MiB limit.
        let value = [UInt8](repeating: 0x41, count: 1 << 20)
        for index in 0..<7 { try await client.put(prefix + "big/\(index)", value) }
        await #expect {
            _ = try await client.entries(withPrefix: prefix + "big/")
        } throws: { error in
            "\(error)".contains("an answer larger than 8388608 bytes")
        }
        try await client.deletePrefix(prefix + "big/")
    }

    @Test func aPutValueReadsBackWithItsRevisions() async throws {
        try await client.put(prefix + "a", [0, 1, 255])
        let entry = try #require(try await client.get(prefix + "a"))
        #expect(entry.key == prefix + "a")
        #expect(entry.value == [0, 1, 255])
        #expect(entry.createRevision > 0)
        #expect(entry.modRevision == entry.createRevision)
        #expect(entry.lease == 0)
        try await client.put(prefix + "a", [2])
        let changed = try #require(try await client.get(prefix + "a"))
        #expect(changed.createRevision == entry.createRevision)
        #expect(changed.modRevision > entry.modRevision)
    }

    @Test func anAbsentKeyIsNil() async throws {
        #expect(try await client.get(prefix + "missing") == nil)
    }

    @Test func anEmptyValueReadsBackEmpty() async throws {
        try await client.put(prefix + "empty", [])
        #expect(try await client.get(prefix + "empty")?.value == [])
    }

    @Test func aCompareAndSwapPutWritesOnlyAtTheRevisionItSaw() async throws {
        try await client.put(prefix + "cas", [1])
        let revision = try #require(try await client.get(prefix + "cas")).modRevision
        #expect(try await client.put(prefix + "cas", [2], ifModRevision: revision))
        #expect(try await !client.put(prefix + "cas", [3], ifModRevision: revision))
        #expect(try await client.get(prefix + "cas")?.value == [2])
    }

    @Test func aCompareAndSwapPutAtRevisionZeroWritesOnlyAnAbsentKey() async throws {
        #expect(try await client.put(prefix + "new", [1], ifModRevision: 0))
        #expect(try await !client.put(prefix + "new", [2], ifModRevision: 0))
        #expect(try await client.get(prefix + "new")?.value == [1])
    }

    @Test func createSucceedsOnlyWhenTheKeyIsAbsent() async throws {
        #expect(try await client.create(prefix + "lock", [1]))
        #expect(try await !client.create(prefix + "lock", [2]))
        #expect(try await client.get(prefix + "lock")?.value == [1])
    }

    @Test func entriesWithPrefixListOnlyThatPrefixInKeyOrder() async throws {
        try await client.put(prefix + "p/b", [2])
        try await client.put(prefix + "p/a", [1])
        try await client.put(prefix + "p0", [9])
        try await client.put(prefix + "q/a", [3])
        let entries = try await client.entries(withPrefix: prefix + "p/")
        #expect(entries.map(\.key) == [prefix + "p/a", prefix + "p/b"])
        #expect(try await client.entries(withPrefix: prefix + "p/", limit: 1).count == 1)
    }

    @Test func deleteSaysWhetherTheKeyExisted() async throws {
        try await client.put(prefix + "d", [1])
        #expect(try await client.delete(prefix + "d"))
        #expect(try await !client.delete(prefix + "d"))
        #expect(try await client.get(prefix + "d") == nil)
    }

    @Test func aCompareAndDeleteRemovesOnlyTheRevisionItSaw() async throws {
        try await client.put(prefix + "cd", [1])
        let revision = try #require(try await client.get(prefix + "cd")).modRevision
        try await client.put(prefix + "cd", [2])
        #expect(try await !client.delete(prefix + "cd", ifModRevision: revision))
        let current = try #require(try await client.get(prefix + "cd")).modRevision
        #expect(try await client.delete(prefix + "cd", ifModRevision: current))
        #expect(try await client.get(prefix + "cd") == nil)
    }

    @Test func deletePrefixRemovesEveryKeyUnderItAndCountsThem() async throws {
        for name in ["x/1", "x/2", "x/3", "y"] { try await client.put(prefix + name, [1]) }
        #expect(try await client.deletePrefix(prefix + "x/") == 3)
        #expect(try await client.entries(withPrefix: prefix).map(\.key) == [prefix + "y"])
    }

    @Test func revokingALeaseRemovesTheKeysAttachedToIt() async throws {
        let lease = try await client.grantLease(seconds: 30)
        #expect(lease != 0)
        #expect(try await client.create(prefix + "leased", [1], lease: lease))
        #expect(try await client.get(prefix + "leased")?.lease == lease)
        try await client.revokeLease(lease)
        #expect(try await client.get(prefix + "leased") == nil)
        // A lease that is gone already is no error.
        try await client.revokeLease(lease)
    }
}
