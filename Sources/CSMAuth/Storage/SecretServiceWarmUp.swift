import CLibSecret

/// Opening a Secret Service session is most of what reading the keyring costs (loading
/// libsecret and GLib, connecting to D-Bus, a Diffie-Hellman exchange: about 10 ms). When a
/// process knows early that it will read the keyring, as `csm-auth token` does when the kernel
/// cache misses, the warm-up opens the session on a thread of its own while the process does
/// the rest of its start (the runtime, the settings, the lock).
///
/// The first ``SecretServiceConnection`` waits for the warm-up and takes over the service it
/// opened, so the session is opened once. A failed warm-up leaves nothing behind: the
/// connection then tries itself and reports the error.
final class SecretServiceWarmUp: @unchecked Sendable {
    static let shared = SecretServiceWarmUp()

    private let changed = SystemThread.Condition()
    private var running = false
    /// Whether the session is wanted: nil until ``decide(openSession:)``.
    private var wanted: Bool?
    private var service: OpaquePointer?

    private init() {}

    /// Starts loading libsecret in the background, once per process; the session follows when
    /// ``decide(openSession:)`` says so. Loading has no effect outside this process, so it may
    /// start before the profile's storage is known.
    func start() {
        changed.lock()
        defer { changed.unlock() }
        guard !running, service == nil, wanted == nil else { return }
        running = DetachedThread.start { [self] in
            var opened: OpaquePointer? = nil
            if clibsecret_load() == nil, waitForDecision() {
                var error: UnsafeMutablePointer<GError>? = nil
                opened = clibsecret_service_get_sync(SECRET_SERVICE_OPEN_SESSION, nil, &error)
                if let error { clibsecret_error_free(error) }
            }
            changed.lock()
            service = opened
            running = false
            changed.broadcast()
            changed.unlock()
        }
    }

    /// Says whether the session should be opened: only when the profile's secrets are in the keyring.
    func decide(openSession: Bool) {
        changed.lock()
        wanted = openSession
        changed.broadcast()
        changed.unlock()
    }

    private func waitForDecision() -> Bool {
        changed.lock()
        defer { changed.unlock() }
        while wanted == nil { changed.wait() }
        return wanted == true
    }

    /// Waits for a running warm-up, then hands over the service it opened (with its reference),
    /// or nil when there was none or it failed.
    func takeService() -> OpaquePointer? {
        changed.lock()
        defer { changed.unlock() }
        if wanted == nil { wanted = false }
        changed.broadcast()
        while running { changed.wait() }
        defer { service = nil }
        return service
    }
}
