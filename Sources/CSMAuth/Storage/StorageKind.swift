/// The kinds of credential store, as a profile's `storage` setting names them.
public enum StorageKind: String, Sendable, Codable, CaseIterable {
    /// The Secret Service (gnome-keyring, KWallet, KeePassXC) through libsecret.
    case keyring
    /// A 0600 file, only when the user asks for it.
    case file
    /// A store the program supplies as ``CSMAuthEnvironment/customStore`` (a ``MemoryStore``, a
    /// vault of its own). The settings file says `storage = custom`; a program without that store
    /// (the `csm-auth` command, say) reports the profile's secrets as unavailable.
    case custom
    /// A fleet's store: etcd, shared by many machines, every value sealed under the fleet key.
    case etcd
}
