import CLibSecret
import FoundationEssentials
import Glibc

/// A ``CredentialStore`` in the Secret Service (gnome-keyring, KWallet, KeePassXC) through libsecret.
///
/// One item per profile, with attributes `service=csm-auth` and `profile=NAME`, so any Secret
/// Service client finds it (`secret-tool lookup service csm-auth profile NAME`). The item's
/// secret is the profile's ``StoredCredentials`` JSON; saving replaces it in one call.
///
/// A locked collection and an unreachable service are errors with their own codes
/// (``CredentialStoreError/Code/locked``, ``CredentialStoreError/Code/unavailable``), never
/// "no credentials": telling them apart is what lets a user fix the right thing.
public struct SecretServiceStore: CredentialStore {
    /// The value of the `service` attribute of every item csm-auth writes.
    public static let serviceAttribute = "csm-auth"

    /// The longest wait for the Secret Service to answer one operation. D-Bus's own bound is
    /// 25 s per call, and an operation makes two; a stopped or hung daemon is reported sooner.
    public let timeout: Duration

    /// - Parameter timeout: the longest wait for one operation (default 10 s).
    public init(timeout: Duration = .seconds(10)) {
        self.timeout = timeout
    }

    /// ``StorageKind/keyring``.
    public var kind: StorageKind { .keyring }

    /// Connects to the Secret Service and checks that the default collection exists and is
    /// unlocked, without ever prompting, so a login fails before the browser opens.
    /// - Throws: ``CredentialStoreError`` (`.locked`) when the collection is locked,
    ///   (`.unavailable`) when libsecret cannot be loaded, there is no default collection, or no
    ///   Secret Service answers within ``timeout``.
    public func probe() async throws {
        try await bounded {
            try SecretServiceConnection.with { try $0.requireUnlockedDefaultCollection() }
        }
    }

    /// The profile's item (attributes `service=csm-auth`, `profile=NAME`); nil when there is none.
    /// - Throws: ``CredentialStoreError`` (`.locked`, `.unavailable`) when the keyring cannot be read,
    ///   (`.corrupt`) when the item's secret is not the JSON of ``StoredCredentials``.
    public func load(profile: String) async throws -> StoredCredentials? {
        try await bounded {
            guard let data = try SecretServiceConnection.with({ try $0.secret(for: Self.attributes(profile)) }) else { return nil }
            return try StoredCredentials.decoded(from: data, location: "the keyring item of profile '\(profile)'")
        }
    }

    /// Stores the profile's document in its item, replacing the previous one, in the default collection.
    /// - Parameters:
    ///   - credentials: the profile's whole document.
    ///   - profile: the profile's name, the item's `profile` attribute.
    ///   - label: the item's name in keyring browsers (Seahorse, KWalletManager).
    /// - Throws: ``CredentialStoreError`` (`.locked`, `.unavailable`) when the keyring cannot be written.
    public func save(_ credentials: StoredCredentials, profile: String, label: String) async throws {
        let document = try credentials.encoded()
        try await bounded {
            try SecretServiceConnection.with { connection in
                try connection.requireUnlockedDefaultCollection()
                try connection.store(document, attributes: Self.attributes(profile), label: label)
            }
        }
    }

    /// Removes the profile's item.
    /// - Returns: whether there was one.
    /// - Throws: ``CredentialStoreError`` (`.locked`, `.unavailable`) when the keyring cannot be reached.
    @discardableResult
    public func delete(profile: String) async throws -> Bool {
        try await bounded {
            try SecretServiceConnection.with { try $0.clear(attributes: Self.attributes(profile)) }
        }
    }

    /// Runs one blocking libsecret operation, giving up after ``timeout``.
    ///
    /// - Warning: libsecret cannot be interrupted: after a timeout the call goes on in the
    ///   background until D-Bus gives up on it. Its result, if any, is dropped; a save that
    ///   completes late still replaces the item in one write.
    private func bounded<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let timeout = self.timeout
        return try await withDeadline(timeout, body) {
            CredentialStoreError(
                .unavailable,
                "the Secret Service did not answer within \(timeout.components.seconds) s: is the keyring daemon stopped or hung? (CSM_AUTH_KEYRING_TIMEOUT sets the wait)")
        }
    }

    static func attributes(_ profile: String) -> [String: String] {
        ["service": serviceAttribute, "profile": profile]
    }
}

/// The libsecret calls behind ``SecretServiceStore``. Every call blocks.
struct SecretServiceConnection {
    private let service: OpaquePointer

    static let lockedMessage =
        "the keyring is locked: unlock it (log in to the desktop session, or use your keyring manager) and try again"

    /// Runs `body` with a connection, then drops the reference `clibsecret_service_get_sync` added
    /// (the service object is shared and cached by libsecret; each call adds one reference).
    static func with<T>(_ body: (SecretServiceConnection) throws -> T) throws -> T {
        let connection = try open()
        defer { clibsecret_object_unref(UnsafeMutableRawPointer(connection.service)) }
        return try body(connection)
    }

    /// Connects to the Secret Service on the session bus and opens a transfer session.
    private static func open() throws -> SecretServiceConnection {
        if let failure = clibsecret_load() {
            throw CredentialStoreError(
                .unavailable,
                "libsecret could not be loaded (\(String(cString: failure))): install the Debian package libsecret-1-0, or use --storage file")
        }
        if let warmed = SecretServiceWarmUp.shared.takeService() { return SecretServiceConnection(service: warmed) }
        var error: UnsafeMutablePointer<GError>? = nil
        guard let service = clibsecret_service_get_sync(SECRET_SERVICE_OPEN_SESSION, nil, &error) else {
            throw unavailable(error, doing: "reach the Secret Service")
        }
        return SecretServiceConnection(service: service)
    }

    /// Throws unless the default collection exists and is unlocked, so a write never prompts.
    func requireUnlockedDefaultCollection() throws {
        var error: UnsafeMutablePointer<GError>? = nil
        guard let collection = clibsecret_collection_for_alias_sync(service, "default", SECRET_COLLECTION_NONE, nil, &error) else {
            if error != nil { throw Self.mapped(error, doing: "open the default keyring collection") }
            throw CredentialStoreError(.unavailable, "the keyring has no default collection: create one (gnome-keyring does at first login) or use --storage file")
        }
        defer { clibsecret_object_unref(UnsafeMutableRawPointer(collection)) }
        if clibsecret_collection_get_locked(collection) != 0 {
            throw CredentialStoreError(.locked, Self.lockedMessage)
        }
    }

    /// The secret of the item with these attributes, nil when there is none.
    ///
    /// It works on D-Bus object paths, as `secret-tool lookup` does (SearchItems, then
    /// GetSecrets): no item proxies are built, which saves a round trip per item, and a locked
    /// item is reported, never unlocked (which could prompt).
    func secret(for attributes: [String: String]) throws -> Data? {
        let table = Self.table(attributes)
        defer { clibsecret_hash_table_unref(table) }
        var unlocked: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = nil
        var locked: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = nil
        var error: UnsafeMutablePointer<GError>? = nil
        guard clibsecret_service_search_for_dbus_paths_sync(service, clibsecret_schema(), table, nil, &unlocked, &locked, &error) != 0 else {
            throw Self.mapped(error, doing: "search the keyring")
        }
        defer {
            clibsecret_strfreev(unlocked)
            clibsecret_strfreev(locked)
        }
        guard let path = unlocked?[0] else {
            if locked?[0] != nil { throw CredentialStoreError(.locked, Self.lockedMessage) }
            return nil
        }
        guard let value = clibsecret_service_get_secret_for_dbus_path_sync(service, path, nil, &error) else {
            if error != nil { throw Self.mapped(error, doing: "read the credentials") }
            throw CredentialStoreError(.unavailable, "the Secret Service returned no secret for a csm-auth item")
        }
        defer { clibsecret_value_unref(UnsafeMutableRawPointer(value)) }
        var length = 0
        guard let bytes = clibsecret_value_get(value, &length) else { return Data() }
        return Data(bytes: bytes, count: length)
    }

    /// Creates or replaces (one D-Bus call) the item with these attributes in the default collection.
    func store(_ secret: Data, attributes: [String: String], label: String) throws {
        let text = String(decoding: secret, as: UTF8.self)
        guard let value = clibsecret_value_new_text(text) else {
            throw CredentialStoreError(.unavailable, "libsecret could not hold the secret")
        }
        defer { clibsecret_value_unref(UnsafeMutableRawPointer(value)) }
        let table = Self.table(attributes)
        defer { clibsecret_hash_table_unref(table) }
        var error: UnsafeMutablePointer<GError>? = nil
        if clibsecret_service_store_sync(service, clibsecret_schema(), table, "default", label, value, nil, &error) == 0 {
            throw Self.mapped(error, doing: "store the credentials")
        }
    }

    /// Deletes the items with these attributes. Returns whether there were any.
    func clear(attributes: [String: String]) throws -> Bool {
        let anyLocked = try withItems(matching: attributes, loadSecrets: false) { items in
            items.contains { clibsecret_item_get_locked($0) != 0 }
        }
        if anyLocked { throw CredentialStoreError(.locked, Self.lockedMessage) }
        let table = Self.table(attributes)
        defer { clibsecret_hash_table_unref(table) }
        var error: UnsafeMutablePointer<GError>? = nil
        let removed = clibsecret_service_clear_sync(service, clibsecret_schema(), table, nil, &error) != 0
        if let error { throw Self.mapped(error, doing: "delete the credentials") }
        return removed
    }

    /// Searches without unlocking: a locked item is reported, never prompted for.
    private func withItems<T>(
        matching attributes: [String: String], loadSecrets: Bool,
        _ body: ([OpaquePointer]) throws -> T
    ) throws -> T {
        let table = Self.table(attributes)
        defer { clibsecret_hash_table_unref(table) }
        let flags = SecretSearchFlags(SECRET_SEARCH_ALL.rawValue | (loadSecrets ? SECRET_SEARCH_LOAD_SECRETS.rawValue : 0))
        var error: UnsafeMutablePointer<GError>? = nil
        let list = clibsecret_service_search_sync(service, clibsecret_schema(), table, flags, nil, &error)
        if let error { throw Self.mapped(error, doing: "search the keyring") }
        var items: [OpaquePointer] = []
        var node = list
        while let current = node {
            if let data = current.pointee.data { items.append(OpaquePointer(data)) }
            node = current.pointee.next
        }
        defer {
            for item in items { clibsecret_object_unref(UnsafeMutableRawPointer(item)) }
            clibsecret_list_free(list)
        }
        return try body(items)
    }

    private static func table(_ attributes: [String: String]) -> OpaquePointer? {
        let table = clibsecret_attributes_new()
        for (key, value) in attributes { clibsecret_attributes_insert(table, key, value) }
        return table
    }

    /// Turns a GError into a store error: locked (or a dismissed unlock prompt) vs unavailable.
    private static func mapped(_ error: UnsafeMutablePointer<GError>?, doing action: String) -> CredentialStoreError {
        guard let error else { return CredentialStoreError(.unavailable, "could not \(action): unknown Secret Service error") }
        defer { clibsecret_error_free(error) }
        let domain = error.pointee.domain
        let code = error.pointee.code
        if domain == clibsecret_error_domain() && code == Int32(CLIBSECRET_ERROR_IS_LOCKED) {
            return CredentialStoreError(.locked, lockedMessage)
        }
        if domain == clibsecret_io_error_domain() && code == Int32(CLIBSECRET_IO_ERROR_CANCELLED) {
            return CredentialStoreError(.locked, lockedMessage)
        }
        return unavailableError(message: String(cString: error.pointee.message), doing: action)
    }

    private static func unavailable(_ error: UnsafeMutablePointer<GError>?, doing action: String) -> CredentialStoreError {
        guard let error else { return unavailableError(message: "unknown error", doing: action) }
        defer { clibsecret_error_free(error) }
        return unavailableError(message: String(cString: error.pointee.message), doing: action)
    }

    private static func unavailableError(message: String, doing action: String) -> CredentialStoreError {
        let reason = message.split(whereSeparator: \.isNewline).first.map(String.init) ?? message
        return CredentialStoreError(
            .unavailable,
            "could not \(action) (\(reason)): start a keyring such as gnome-keyring in this D-Bus session, or use --storage file"
        )
    }
}
