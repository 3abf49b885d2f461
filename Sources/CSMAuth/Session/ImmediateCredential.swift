import FoundationEssentials

/// What `token`, `header`, `env` and `exec` print: a credential reduced to its printed parts,
/// which ``cached(profile:variable:)`` can have at once from the kernel cache.
///
/// It is the second of the two shapes a credential leaves the token path in, next to
/// ``Credential``, for one reason: a ``Credential`` carries a Foundation `URL` and `Date`, and
/// making those from a cached entry (parsing the API URL, building the CSM base URL) would cost
/// the hot path more than the rest of its work. This one is made of the strings the cache
/// keeps, as they are. (The cache's own record, `KernelCachedCredential`, is only its key's
/// encoding: `ProfileLock` hands it to its two callers, which turn it into one of the two at once.)
///
/// Getting a cached one reads a few variables with `getenv`, one kernel key (described first:
/// only this user's own key with csm-auth's permissions is read), and the status of the
/// configuration file and its folder (for the stamp and the trust check): no store, no D-Bus, no
/// network, no configuration parsing and no Foundation. It is what makes a cached
/// `csm-auth token` cost little more than starting a process.
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

    /// The answer for a cached entry read under `CSM_AUTH_API_URL` = `apiURLVariable`: as it
    /// was cached when the entry was made under the same value (strings only, no Foundation);
    /// otherwise worked out again for this API URL, as ``AuthSession`` would.
    /// - Throws: ``CSMAuthError`` (`.invalidInput`) when the API URL is not acceptable.
    init(_ entry: KernelCachedCredential, apiURLVariable: String?) throws {
        guard entry.apiURLVariable == apiURLVariable else {
            self.init(try entry.credential(apiURLVariable: apiURLVariable))
            return
        }
        self.init(
            token: entry.token, authorization: entry.authorization, cloudID: entry.cloudID, csmBaseURL: entry.csmBaseURL
        )
    }

    /// The cached credential of the profile that `profile` (`--profile`), `CSM_AUTH_PROFILE` or
    /// `default` names, in the environment that `variable` reads (by default, this process's).
    ///
    /// Nil, never an error, whenever the answer is not simply there: `CSM_AUTH_TOKEN` is set (it
    /// wins, and ``CredentialResolver`` handles it), the cache is off or empty, the key under the
    /// profile's name is not this user's own, the token expires within a minute,
    /// `CSM_AUTH_API_URL` differs from when it was cached, or the configuration file changed or
    /// may no longer be trusted (others can write it or its folder).
    /// ``CredentialResolver/credential(profile:)`` then gives the answer or the error.
    /// - Parameters:
    ///   - profile: `--profile`; nil for `CSM_AUTH_PROFILE` or `default`. An invalid name gives nil.
    ///   - variable: reads one environment variable; ``processVariable(_:)`` by default.
    public static func cached(profile: String?, variable: (String) -> String? = Self.processVariable)
        -> ImmediateCredential?
    {
        guard let lock = ProfileLock.forProcess(profile: profile, variable: variable), let entry = lock.cached(),
            entry.apiURLVariable == lock.apiURLVariable
        else { return nil }
        return try? ImmediateCredential(entry, apiURLVariable: lock.apiURLVariable)
    }

    /// What ``lookUpOrTake(profile:timeout:variable:)`` found.
    package enum Outcome: Sendable {
        /// The cached answer, possibly cached meanwhile by the process that held the profile's lock.
        case ready(ImmediateCredential)
        /// Not cached: this process reads the store through
        /// ``CredentialResolver/credential(profile:holding:)`` (and refreshes if needed), handing
        /// it the profile's lock when it holds it (nil: there was no lock to take, as with the
        /// cache off, or the library takes it and reports why it cannot).
        case yourTurn(ProfileLock.Held?)
    }

    /// The hot path of `token`, `header`, `env` and `exec`, through ``ProfileLock``'s synchronous
    /// entry point: one look at the kernel cache, and on a miss the profile's lock, taken or
    /// waited for. It blocks the calling thread and needs no concurrency runtime (a command-line
    /// tool calls it before it starts anything else); in a storm the first process takes the lock
    /// and goes on to read the store, and the others sleep until it lets go, then leave with the
    /// token it cached.
    ///
    /// Taking the lock also starts opening the keyring (``SecretServiceWarmUp``) when the
    /// profile's secrets are there, so that it is ready by the time the store is read.
    /// - Parameters:
    ///   - profile: `--profile`; nil for `CSM_AUTH_PROFILE` or `default`.
    ///   - timeout: the longest wait for another holder of the lock.
    ///   - variable: reads one environment variable; ``processVariable(_:)`` by default.
    /// - Throws: ``CSMAuthError`` (`.lockTimeout`) naming the holder after `timeout`;
    ///   (`.invalidInput`) when a token cached under another `CSM_AUTH_API_URL` meets an unacceptable one.
    package static func lookUpOrTake(
        profile: String?, timeout: Duration = ProfileLock.defaultTimeout,
        variable: (String) -> String? = Self.processVariable
    ) throws -> Outcome {
        // With the cache off there is nothing to wait for: the library reads the store, and locks to refresh.
        guard let lock = ProfileLock.forProcess(profile: profile, variable: variable), lock.watchesCache else {
            return .yourTurn(nil)
        }
        if let entry = lock.cached() {
            return .ready(try ImmediateCredential(entry, apiURLVariable: lock.apiURLVariable))
        }
        // Taking the lock creates its file: not for a profile that does not exist (the library
        // then says what is wrong). Only a missing file costs reading the settings first.
        var known: ProfileSettings?
        if !lock.lockFileExists {
            known = try? ConfigFile.load(from: lock.paths.configFile).profiles[lock.profile]
            guard known != nil else { return .yourTurn(nil) }
        }
        let outcome: ProfileLock.Outcome
        do {
            outcome = try lock.take(watching: ProfileLock.Watch(), timeout: timeout)
        } catch let error as CSMAuthError where error.code == .lockTimeout {
            throw error
        } catch {
            // The lock file cannot be used: the library tries again, and says why it cannot.
            return .yourTurn(nil)
        }
        switch outcome {
        case .cached(let entry): return .ready(try ImmediateCredential(entry, apiURLVariable: lock.apiURLVariable))
        case .locked(let held):
            SecretServiceWarmUp.shared.start()
            let settings = known ?? (try? ConfigFile.load(from: lock.paths.configFile).profiles[lock.profile])
            SecretServiceWarmUp.shared.decide(openSession: settings?.storage == .keyring)
            return .yourTurn(held)
        }
    }

    /// A variable of this process's environment.
    public static func processVariable(_ name: String) -> String? {
        CurrentProcess.variable(name)
    }
}
