extension CSMAuthEnvironment {
    /// Whether `CSM_AUTH_STORAGE=etcd`: a profile the settings file does not name is looked up
    /// in the fleet's etcd, and new logins go there.
    package var usesFleet: Bool {
        value("CSM_AUTH_STORAGE")?.lowercased() == StorageKind.etcd.rawValue
    }

    /// The fleet's store, from `CSM_AUTH_ETCD_*` and the key in `CSM_AUTH_FLEET_KEY_FILE`.
    /// - Throws: ``CSMAuthError`` (`.invalidInput`) for an unusable endpoint or prefix; the key
    ///   file's error (store unavailable) when the fleet key cannot be read.
    @inline(never)  // Inlined into async callers, it crashed swift-frontend 6.3's CoroSplit (release).
    package func fleetStore() throws -> EtcdStore {
        let configuration = try EtcdConfiguration(variables: variables)
        let keys = try FleetKeyRing.load(variables: variables)
        return EtcdStore(client: EtcdClient(configuration: configuration), sealer: keys)
    }
}
