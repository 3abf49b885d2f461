import FoundationEssentials
import Logging

/// The checks of `csm-auth doctor`: everything a login depends on, each one answered on its own
/// (a locked keyring fails the store and the login, and the other checks still run).
///
/// In order: the credential store, the kernel cache, the settings file's trust, the login
/// (``LoginCheck``, as `status --check`), the clock against Atlassian's `Date` header, the granted
/// scopes against what the CSM calls need (``CSMScope``'s sets), the CSM API and the Jira
/// platform reached with the login (one request each), and the loopback callback port.
package struct Doctor: Sendable {
    /// Skew beyond which the clock check warns: token expiry is computed with the local clock.
    package static let clockSkewLimit: TimeInterval = 30

    /// The variables, folders and stores to check.
    package let environment: CSMAuthEnvironment
    /// The HTTP client of the requests.
    package let transport: any HTTPTransport
    let now: @Sendable () -> Date

    /// - Parameters:
    ///   - environment: the variables, folders and stores to check.
    ///   - transport: the HTTP client.
    ///   - now: the local clock, compared with Atlassian's.
    package init(
        environment: CSMAuthEnvironment, transport: any HTTPTransport, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.environment = environment
        self.transport = transport
        self.now = now
    }

    /// Runs every check for `profile`.
    /// - Parameter profile: `--profile`; nil for `CSM_AUTH_PROFILE` or `default`.
    /// - Throws: ``CSMAuthError`` (`.invalidInput`) for an invalid profile name or an invalid
    ///   `CSM_AUTH_TOKEN` (as every command refuses it), only: every other problem is a failed check.
    package func run(profile flag: String?) async throws -> DoctorReport {
        let profile = try environment.profileName(flag)
        let override = try Credential.fromEnvironment(environment)
        let (settingsCheck, settings) = settingsFile(profile, override: override != nil)
        let storage = (try? environment.storage(of: settings)) ?? .keyring
        var report = DoctorReport(
            version: CSMAuthRelease.version, profile: profile,
            auth: override != nil ? "token" : settings?.auth.rawValue, storage: storage.rawValue,
            siteName: settings?.siteName, siteURL: settings?.siteURL, cloudID: override?.cloudID ?? settings?.cloudID,
            checks: [])
        var dates: [Date] = []
        let store =
            override != nil && settings == nil
            ? DoctorCheck("store", "credential store", .pass, "not used: CSM_AUTH_TOKEN touches no store")
            : await self.store(storage, profile: profile, settings: settings)
        let cache = kernelCache(profile, storage: storage)

        let login: DoctorCheck
        let loginResult: LoginCheck.Result?
        do {
            let checker = LoginCheck(environment: environment, transport: transport)
            let result =
                if let override { await checker.run(environmentToken: override) } else {
                    try await checker.run(profile: profile)
                }
            loginResult = result
            login = Self.login(result, fix: loginCommand(profile, settings))
        } catch {
            loginResult = nil
            login = DoctorCheck("login", "login", .fail, "not checked: \(error)", fix: "see the credential store above")
        }
        if let date = loginResult?.serverDate { dates.append(date) }

        var credential: Credential?
        if loginResult?.outcome == .ok {
            credential = try? await CredentialResolver(environment: environment, transport: transport)
                .credential(profile: profile)
        }
        let (csm, csmDate) = await csmAPI(credential)
        let (jira, jiraDate) = await jiraPlatform(credential)
        dates += [csmDate, jiraDate].compactMap { $0 }

        report.checks = [
            store, cache, settingsCheck, login, clock(dates.first), scopes(settings, override: override != nil), csm,
            jira, await callbackPort(settings, override: override != nil),
        ]
        return report
    }

    // MARK: - Local checks

    private func settingsFile(_ profile: String, override: Bool) -> (DoctorCheck, ProfileSettings?) {
        let path = environment.paths.configFile
        guard FileManager.default.fileExists(atPath: path) else {
            if override {
                return (DoctorCheck("settings", "settings file", .pass, "none needed: CSM_AUTH_TOKEN is used"), nil)
            }
            return (
                DoctorCheck(
                    "settings", "settings file", .fail, "no settings file (\(path)): nothing is logged in",
                    fix: "run `\(LoginCommand(toolName: environment.toolName, profile: profile))`"),
                nil
            )
        }
        do {
            let settings = try Profiles(environment: environment).settings(profile)
            let detail =
                "\(path) is yours and writable by you only"
                + (settings == nil ? ", but has no profile '\(profile)'" : "")
            let fix = settings == nil ? "run `\(LoginCommand(toolName: environment.toolName, profile: profile))`" : nil
            return (
                DoctorCheck("settings", "settings file", settings == nil ? .fail : .pass, detail, fix: fix), settings
            )
        } catch {
            return (
                DoctorCheck(
                    "settings", "settings file", .fail, "\(error)",
                    fix: "make the file and its folder yours and not writable by others (chmod go-w)"),
                nil
            )
        }
    }

    private func store(_ kind: StorageKind, profile: String, settings: ProfileSettings?) async -> DoctorCheck {
        let title = "credential store"
        guard kind != .custom else {
            return DoctorCheck(
                "store", title, .fail, "profile '\(profile)' keeps its secrets in another program's own store",
                fix: "use that program, or log in again here")
        }
        let store = environment.credentialStore(kind)
        do {
            try await store.probe()
            let stored = settings == nil ? nil : try await store.load(profile: profile)
            let what =
                switch kind {
                case .keyring: "the keyring is reachable and unlocked"
                case .file: "the file store's folder is private and writable, the profile's file private"
                case .custom: "a custom store"
                case .etcd: "the fleet's etcd answers and the fleet key opens the profile"
                }
            let holds = stored == nil ? "; it holds nothing for profile '\(profile)'" : ""
            return DoctorCheck("store", title, .pass, "\(kind.rawValue): \(what)\(holds)")
        } catch {
            return DoctorCheck(
                "store", title, .fail, "\(kind.rawValue): \(error)",
                fix: kind == .keyring
                    ? "unlock the keyring (docs: Troubleshooting), or log in with --storage file"
                    : "follow the message above")
        }
    }

    private func kernelCache(_ profile: String, storage: StorageKind) -> DoctorCheck {
        let title = "kernel cache"
        guard storage != .custom, let cache = environment.kernelCache(for: profile) else {
            return DoctorCheck("kernel-cache", title, .pass, "not used for this profile")
        }
        guard cache.isEnabled else {
            return DoctorCheck(
                "kernel-cache", title, .pass, "off (CSM_AUTH_KERNEL_CACHE): every call reads the credential store")
        }
        guard KernelCredentialCache.isAvailable() else {
            return DoctorCheck(
                "kernel-cache", title, .warn,
                "unavailable: the kernel (or a seccomp profile) refuses keyctl, so every call reads the credential store",
                fix: "allow the keyctl system calls, or set CSM_AUTH_KERNEL_CACHE=0 to say the cache is off")
        }
        return DoctorCheck(
            "kernel-cache", title, .pass, "available; " + (cache.isCached() ? "it holds the token" : "empty"))
    }

    private func callbackPort(_ settings: ProfileSettings?, override: Bool) async -> DoctorCheck {
        let title = "callback port"
        if override || (settings != nil && settings?.auth != .oauth) {
            return DoctorCheck("callback-port", title, .pass, "not used by this login")
        }
        let text = settings?.callbackURL ?? LoginRequest.defaultCallbackURL
        guard let url = URL(string: text) else {
            return DoctorCheck(
                "callback-port", title, .fail, "the callback URL '\(text)' is not a URL",
                fix: "log in again with --port or --callback-url")
        }
        do {
            let receiver = try await LoopbackReceiver.start(
                callbackURL: url, expectedState: RandomToken.make(), logger: .silent)
            await receiver.stop()
            return DoctorCheck("callback-port", title, .pass, "\(url.redactingQuery) can be listened on")
        } catch {
            return DoctorCheck(
                "callback-port", title, .fail, "\(error)",
                fix: "stop the program on that port, or log in with --port PORT (and register its URL)")
        }
    }

    // MARK: - Checks with Atlassian

    private static func login(_ result: LoginCheck.Result, fix: String) -> DoctorCheck {
        switch result.outcome {
        case .ok: DoctorCheck("login", "login", .pass, result.detail)
        case .refused: DoctorCheck("login", "login", .fail, result.detail, fix: fix)
        case .unreachable:
            DoctorCheck(
                "login", "login", .fail, result.detail,
                fix: "check the network, a proxy (https_proxy) and CSM_AUTH_API_URL / CSM_AUTH_AUTH_URL")
        }
    }

    private func clock(_ serverDate: Date?) -> DoctorCheck {
        guard let serverDate else {
            return DoctorCheck(
                "clock", "clock", .warn, "not compared: no answer from Atlassian carried a Date header",
                fix: "run doctor again once Atlassian can be reached")
        }
        let skew = now().timeIntervalSince(serverDate)
        let seconds = Int(abs(skew).rounded())
        guard abs(skew) > Self.clockSkewLimit else {
            return DoctorCheck("clock", "clock", .pass, "within \(seconds) s of Atlassian's (Date header)")
        }
        return DoctorCheck(
            "clock", "clock", .warn,
            "\(seconds) s \(skew > 0 ? "ahead of" : "behind") Atlassian's (Date header): token expiry is computed locally",
            fix: "synchronise the clock (timedatectl set-ntp true)")
    }

    private func scopes(_ settings: ProfileSettings?, override: Bool) -> DoctorCheck {
        let title = "scopes"
        if override {
            return DoctorCheck("scopes", title, .pass, "CSM_AUTH_TOKEN: its scopes are not known here")
        }
        guard let settings else { return DoctorCheck("scopes", title, .fail, "no login", fix: nil) }
        if settings.auth == .basic {
            return DoctorCheck(
                "scopes", title, .pass, "an API token acts with the account's permissions (and a scoped token's scopes)"
            )
        }
        let granted = Set(settings.scopes)
        let families: [(String, [CSMScope])] = [
            ("customers", CSMScope.customers), ("organizations", CSMScope.organizations),
            ("products and entitlements", CSMScope.productsAndEntitlements),
            ("help centres, requests and tasks", CSMScope.helpCentersRequestsAndTasks),
        ]
        let missing = families.compactMap { family, scopes -> (String, [String])? in
            let lacking = scopes.map(\.rawValue).filter { !granted.contains($0) }
            return lacking.isEmpty ? nil : (family, lacking)
        }
        guard !missing.isEmpty else {
            return DoctorCheck("scopes", title, .pass, "every scope the CSM calls need is granted")
        }
        let names = missing.map { "\($0.0) (\($0.1.count) missing, e.g. \($0.1[0]))" }.joined(separator: "; ")
        // The sets that grant what is missing and keep what is granted, so the new login loses nothing.
        let flags = CSMScopeSet.loginFlags(
            adding: missing.flatMap(\.1).map(CSMScope.init(rawValue:)), keeping: settings.scopes)
        return DoctorCheck(
            "scopes", title, .warn, "not granted for \(names)",
            fix: "log in again with \(flags) if you use these calls")
    }

    /// One cheap CSM list (`GET product?limit=1`) with the login.
    private func csmAPI(_ credential: Credential?) async -> (DoctorCheck, Date?) {
        let title = "CSM API"
        guard let credential else {
            return (
                DoctorCheck("csm-api", title, .fail, "not checked: no working login", fix: "fix the login first"), nil
            )
        }
        guard let base = credential.csmBaseURL else {
            return (
                DoctorCheck(
                    "csm-api", title, .fail, "no site is selected",
                    fix: "run `\(environment.toolName) sites --select SITE`"),
                nil
            )
        }
        return await reach(
            "csm-api", title,
            base.appending(path: "product").appending(queryItems: [
                URLQueryItem(name: "limit", value: "1")
            ]), credential, scope: "read:product:jira-service-management")
    }

    /// The Jira platform's `myself` through the gateway, with the login.
    private func jiraPlatform(_ credential: Credential?) async -> (DoctorCheck, Date?) {
        let title = "Jira platform"
        guard let credential else {
            return (DoctorCheck("jira", title, .fail, "not checked: no working login", fix: "fix the login first"), nil)
        }
        guard let cloudID = credential.cloudID, CloudID.isValid(cloudID) else {
            return (
                DoctorCheck(
                    "jira", title, .fail, "no site is selected",
                    fix: "run `\(environment.toolName) sites --select SITE`"),
                nil
            )
        }
        return await reach(
            "jira", title, LoginCheck.gatewayMyselfURL(apiURL: credential.apiURL, cloudID: cloudID), credential,
            scope: "read:jira-user")
    }

    /// One GET with the credential: a 2xx or 403 (authenticated, not allowed) passes, a scope the
    /// login lacks warns, anything else fails.
    private func reach(_ name: String, _ title: String, _ url: URL, _ credential: Credential, scope: String) async
        -> (DoctorCheck, Date?)
    {
        let request = HTTPRequest(
            url: url,
            headers: [
                HTTPHeader("Authorization", credential.authorization.reveal()),
                HTTPHeader("Accept", "application/json"),
            ])
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch {
            return (
                DoctorCheck(name, title, .fail, "\(error)", fix: "check the network, a proxy and CSM_AUTH_API_URL"), nil
            )
        }
        let date = LoginCheck.date(of: response)
        let what = "GET \(url.path()) answered HTTP \(response.status)"
        let scopeMismatch = response.isScopeMismatch
        let check: DoctorCheck
        switch response.status {
        case 200..<300: check = DoctorCheck(name, title, .pass, what)
        case 403: check = DoctorCheck(name, title, .pass, "\(what): reached, but this account may not make this call")
        case 401 where scopeMismatch:
            check = DoctorCheck(
                name, title, .warn, "\(what): reached, but the login lacks \(scope)",
                fix: "log in again with --scope \(scope) if you use these calls")
        default:
            check = DoctorCheck(
                name, title, .fail, what,
                fix: response.status == 401 ? "log in again" : "try again later; quote this line in a bug report")
        }
        return (check, date)
    }

    private func loginCommand(_ profile: String, _ settings: ProfileSettings?) -> String {
        let auth = settings?.auth == .oauth ? nil : settings?.auth
        return "run `\(LoginCommand(toolName: environment.toolName, profile: profile, auth: auth))`"
    }
}
