/// Key rotation's second step: every value of the fleet sealed again under the first key of
/// the key file, each written with a compare-and-swap on its revision, so a value another
/// machine changed meanwhile is left as that machine wrote it (with the new key file, under the
/// new key already).
package struct FleetReseal: Sendable {
    /// How many values were looked at, and how many of them were sealed again.
    package struct Outcome: Sendable, Equatable {
        package var checked = 0
        package var resealed = 0
    }

    let store: EtcdStore
    let keys: FleetKeyRing

    /// - Parameters:
    ///   - store: the fleet's store.
    ///   - keys: the key file's keys: the first seals, the others open.
    package init(store: EtcdStore, keys: FleetKeyRing) {
        self.store = store
        self.keys = keys
    }

    /// Seals again, under ``FleetKeyRing/current``, every value sealed under an older key.
    /// - Throws: the store's errors, or ``FleetSealError`` for a value no key opens (nothing
    ///   else is changed after it).
    package func run() async throws -> Outcome {
        var outcome = Outcome()
        let root = "\(store.prefix)profiles/"
        for entry in try await store.client.entries(withPrefix: root) {
            let parts = entry.key.dropFirst(root.count).split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, ["credentials", "settings"].contains(parts[1]) else { continue }
            outcome.checked += 1
            let (profile, name) = (String(parts[0]), String(parts[1]))
            guard let resealed = try keys.reseal(entry.value, profile: profile, name: name) else { continue }
            if try await store.client.put(entry.key, resealed, ifModRevision: entry.modRevision) {
                outcome.resealed += 1
            }
        }
        return outcome
    }
}
