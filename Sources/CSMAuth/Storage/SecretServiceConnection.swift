import CLibSecret
import FoundationEssentials

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
                "libsecret could not be loaded (\(String(cString: failure))): install the Debian package libsecret-1-0, or use --storage file"
            )
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
        guard
            let collection = clibsecret_collection_for_alias_sync(
                service, "default", SECRET_COLLECTION_NONE, nil, &error)
        else {
            if error != nil { throw Self.mapped(error, doing: "open the default keyring collection") }
            throw CredentialStoreError(
                .unavailable,
                "the keyring has no default collection: create one (gnome-keyring does at first login) or use --storage file"
            )
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
        guard
            clibsecret_service_search_for_dbus_paths_sync(
                service, clibsecret_schema(), table, nil, &unlocked, &locked, &error) != 0
        else {
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
        if clibsecret_service_store_sync(service, clibsecret_schema(), table, "default", label, value, nil, &error) == 0
        {
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
        let flags = SecretSearchFlags(
            SECRET_SEARCH_ALL.rawValue | (loadSecrets ? SECRET_SEARCH_LOAD_SECRETS.rawValue : 0))
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
        guard let error else {
            return CredentialStoreError(.unavailable, "could not \(action): unknown Secret Service error")
        }
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

    private static func unavailable(_ error: UnsafeMutablePointer<GError>?, doing action: String)
        -> CredentialStoreError
    {
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
