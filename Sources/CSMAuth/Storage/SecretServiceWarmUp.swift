import CLibSecret
import Glibc

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

    private var mutex = pthread_mutex_t()
    private var changed = pthread_cond_t()
    private var running = false
    /// Whether the session is wanted: nil until ``decide(openSession:)``.
    private var wanted: Bool?
    private var service: OpaquePointer?

    private init() {
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&changed, nil)
    }

    /// Starts loading libsecret in the background, once per process; the session follows when
    /// ``decide(openSession:)`` says so. Loading has no effect outside this process, so it may
    /// start before the profile's storage is known.
    func start() {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        guard !running, service == nil, wanted == nil else { return }
        running = DetachedThread.start { [self] in
            var opened: OpaquePointer? = nil
            if clibsecret_load() == nil, waitForDecision() {
                var error: UnsafeMutablePointer<GError>? = nil
                opened = clibsecret_service_get_sync(SECRET_SERVICE_OPEN_SESSION, nil, &error)
                if let error { clibsecret_error_free(error) }
            }
            pthread_mutex_lock(&mutex)
            service = opened
            running = false
            pthread_cond_broadcast(&changed)
            pthread_mutex_unlock(&mutex)
        }
    }

    /// Says whether the session should be opened: only when the profile's secrets are in the keyring.
    func decide(openSession: Bool) {
        pthread_mutex_lock(&mutex)
        wanted = openSession
        pthread_cond_broadcast(&changed)
        pthread_mutex_unlock(&mutex)
    }

    private func waitForDecision() -> Bool {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while wanted == nil { pthread_cond_wait(&changed, &mutex) }
        return wanted == true
    }

    /// Waits for a running warm-up, then hands over the service it opened (with its reference),
    /// or nil when there was none or it failed.
    func takeService() -> OpaquePointer? {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        if wanted == nil { wanted = false }
        pthread_cond_broadcast(&changed)
        while running { pthread_cond_wait(&changed, &mutex) }
        defer { service = nil }
        return service
    }
}
