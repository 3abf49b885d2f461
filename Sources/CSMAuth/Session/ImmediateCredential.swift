import FoundationEssentials
import Glibc

/// What `token`, `header`, `env` and `exec` print: a credential reduced to its printed parts,
/// which ``cached(profile:variable:)`` can have at once from the kernel cache.
///
/// Getting a cached one reads a few variables with `getenv`, one kernel key and the configuration file's
/// `stat`: no store, no D-Bus, no network, no configuration parsing and no Foundation. It is
/// what makes a cached `csm-auth token` cost little more than starting a process.
public struct ImmediateCredential: Sendable {
    /// The access token (Bearer) or API token (Basic).
    public let token: Secret
    /// The whole `Authorization` header value.
    public let authorization: Secret
    /// The cloudId of the profile's site; nil when no site is selected.
    public let cloudID: String?
    /// `{API_URL}/jsm/csm/cloudid/{cloudId}/api/v1`; nil without a site.
    public let csmBaseURL: String?

    /// The variables `env` prints and `exec` sets.
    public var variables: CredentialVariables {
        CredentialVariables(
            token: token.reveal(), authorization: authorization.reveal(), cloudID: cloudID, csmBaseURL: csmBaseURL)
    }

    /// The answer for a credential from the store or the environment.
    public init(_ credential: Credential) {
        self.init(
            token: credential.token, authorization: credential.authorization, cloudID: credential.cloudID,
            csmBaseURL: credential.csmBaseURL?.absoluteString)
    }

    init(token: Secret, authorization: Secret, cloudID: String?, csmBaseURL: String?) {
        self.token = token
        self.authorization = authorization
        self.cloudID = cloudID
        self.csmBaseURL = csmBaseURL
    }

    /// The cached credential of the profile that `profile` (`--profile`), `CSM_AUTH_PROFILE` or
    /// `default` names, in the environment that `variable` reads (by default, this process's).
    ///
    /// Nil, never an error, whenever the answer is not simply there: `CSM_AUTH_TOKEN` is set (it
    /// wins, and ``CredentialResolver`` handles it), the cache is off or empty, the token expires
    /// within a minute, `CSM_AUTH_API_URL` differs from when it was cached, or the configuration
    /// file changed. ``CredentialResolver/credential(profile:)`` then gives the answer or the error.
    /// - Parameters:
    ///   - profile: `--profile`; nil for `CSM_AUTH_PROFILE` or `default`. An invalid name gives nil.
    ///   - variable: reads one environment variable; ``processVariable(_:)`` by default.
    public static func cached(profile: String?, variable: (String) -> String? = Self.processVariable)
        -> ImmediateCredential?
    {
        CacheContext(profile: profile, variable: variable)?.validEntry()
    }

    /// What ``cachedOrWaiting(profile:timeout:variable:)`` found.
    package enum Outcome: Sendable {
        /// The cached answer, possibly cached meanwhile by another process.
        case ready(ImmediateCredential)
        /// Not cached: this process should read the store (and refresh if needed). It holds the
        /// profile's turn while it keeps the value (nil: there was no turn to take).
        case yourTurn(RefreshTurn?)
    }

    /// ``cached(profile:variable:)``, and when that misses, an orderly queue: the first process
    /// takes the profile's turn and goes on to read the store and refresh; every other one
    /// sleeps until the turn is let go, then reads the kernel cache and leaves with the token
    /// the first one cached. In a storm of processes only one reads the store, and the waiting
    /// ones take no CPU from it.
    ///
    /// The turn is an `flock` on `LOCK_FOLDER/PROFILE.turn`, which the kernel releases when its
    /// holder exits or dies; then the next waiter takes it. After `timeout` a waiter goes on
    /// without a turn (the refresh lock still keeps refreshes one at a time).
    package static func cachedOrWaiting(
        profile: String?, timeout: Duration = .seconds(30), variable: (String) -> String? = Self.processVariable
    ) async -> Outcome {
        let look = lookUp(profile: profile, variable: variable)
        guard case .othersTurn = look else { return waiting(after: look, timeout: timeout) }
        // The wait blocks: on a thread of its own, never one of Swift's pool.
        return (try? await DetachedThread.run { waiting(after: look, timeout: timeout) }) ?? .yourTurn(nil)
    }

    /// The outcome of a ``lookUp(profile:variable:)`` made earlier: when another process held
    /// the turn, waits for it as ``cachedOrWaiting(profile:timeout:variable:)`` does, blocking
    /// the calling thread (as a command-line tool may before it starts anything else).
    package static func waiting(after look: FirstLook, timeout: Duration = .seconds(30)) -> Outcome {
        switch look {
        case .ready(let ready): return .ready(ready)
        case .yourTurn(let turn): return .yourTurn(turn)
        case .othersTurn(let turn, let context):
            let deadline = ContinuousClock.now + timeout
            repeat {
                let left = deadline - ContinuousClock.now
                guard left > .zero else { return .yourTurn(nil) }
                turn.waitForRelease(timeout: left)
                if let ready = context.validEntry() { return .ready(ready) }
            } while !turn.tryTake()
            if let ready = context.validEntry() { return .ready(ready) }
            context.beginReading()
            return .yourTurn(turn)
        }
    }

    /// What a first look, without waiting, found.
    package enum FirstLook: Sendable {
        case ready(ImmediateCredential)
        /// Not cached, and this process took the turn (nil: there was none to take).
        case yourTurn(RefreshTurn?)
        /// Not cached, and another process holds the turn: wait with ``cachedOrWaiting(profile:timeout:variable:)``.
        case othersTurn(RefreshTurn, CacheContext)
    }

    /// The cached answer, or the turn when it is free: no waiting, no concurrency runtime needed.
    /// Taking the turn also starts opening the keyring (``SecretServiceWarmUp``) when the
    /// profile's secrets are there, so that it is ready by the time the store is read.
    package static func lookUp(profile: String?, variable: (String) -> String? = Self.processVariable) -> FirstLook {
        guard let context = CacheContext(profile: profile, variable: variable) else { return .yourTurn(nil) }
        let found = context.look()
        if let ready = found.answer { return .ready(ready) }
        // A valid token cached under another CSM_AUTH_API_URL: the library's session answers it
        // from the cache for this URL without reading the store, so there is no turn to take and
        // no keyring to open.
        if found.tokenIsValid { return .yourTurn(nil) }
        guard let turn = RefreshTurn(folder: context.paths.lockFolder, profile: context.profile) else {
            return .yourTurn(nil)
        }
        guard turn.tryTake() else { return .othersTurn(turn, context) }
        // The turn may come right after a previous holder cached the token.
        if let ready = context.validEntry() { return .ready(ready) }
        context.beginReading()
        return .yourTurn(turn)
    }

    /// The profile, folders and cache that a lookup uses; nil when there is nothing to look up.
    package struct CacheContext: Sendable {
        let profile: String
        let paths: CSMAuthPaths
        let cache: KernelCredentialCache
        let apiURLVariable: String?

        init?(profile flag: String?, variable: (String) -> String?) {
            func nonEmpty(_ name: String) -> String? { environmentVariable(name, in: variable) }
            guard nonEmpty("CSM_AUTH_TOKEN") == nil,
                let name = try? ProfileName.validated(flag ?? nonEmpty("CSM_AUTH_PROFILE") ?? ProfileName.defaultName)
            else { return nil }
            let paths = CSMAuthPaths(variable: variable)
            // With the cache off there is nothing to wait for: no turns either.
            guard
                let cache = KernelCredentialCache(
                    profile: name, paths: paths, setting: nonEmpty("CSM_AUTH_KERNEL_CACHE")), cache.isEnabled
            else { return nil }
            self.profile = name
            self.paths = paths
            self.cache = cache
            self.apiURLVariable = nonEmpty("CSM_AUTH_API_URL")
        }

        /// Called by the holder of the turn, which will read the store: a keyring starts opening now.
        func beginReading() {
            SecretServiceWarmUp.shared.start()
            let settings = try? ConfigFile.load(from: paths.configFile).profiles[profile]
            SecretServiceWarmUp.shared.decide(openSession: settings?.storage == .keyring)
        }

        /// The cached answer when it is valid for more than a minute and made under this `CSM_AUTH_API_URL`.
        func validEntry() -> ImmediateCredential? {
            look().answer
        }

        /// What the cache holds: the answer (as ``validEntry()``), and whether it holds a token
        /// valid for more than a minute at all, whatever `CSM_AUTH_API_URL` it was made under.
        func look() -> (answer: ImmediateCredential?, tokenIsValid: Bool) {
            guard let cached = cache.lookup(), cached.isValid(minimumValidity: 60) else { return (nil, false) }
            guard cached.apiURLVariable == apiURLVariable else { return (nil, true) }
            let answer = ImmediateCredential(
                token: cached.token, authorization: cached.authorization, cloudID: cached.cloudID,
                csmBaseURL: cached.csmBaseURL)
            return (answer, true)
        }
    }

    /// A variable of this process's environment.
    public static func processVariable(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
