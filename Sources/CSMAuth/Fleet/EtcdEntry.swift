/// One key of etcd as a range answers it.
package struct EtcdEntry: Sendable, Equatable {
    /// The key.
    package var key: String
    /// The value's bytes.
    package var value: [UInt8]
    /// The revision that created the key (since it was last absent).
    package var createRevision: Int64
    /// The revision of the key's last change: what a compare-and-swap compares.
    package var modRevision: Int64
    /// The lease the key is attached to; 0 for none.
    package var lease: Int64

    /// - Parameters:
    ///   - key: the key.
    ///   - value: the value's bytes.
    ///   - createRevision: the revision that created the key.
    ///   - modRevision: the revision of its last change.
    ///   - lease: its lease, 0 for none.
    package init(key: String, value: [UInt8], createRevision: Int64, modRevision: Int64, lease: Int64) {
        self.key = key
        self.value = value
        self.createRevision = createRevision
        self.modRevision = modRevision
        self.lease = lease
    }
}
