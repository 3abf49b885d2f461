import FoundationEssentials
import Logging

/// Decides which credential a command or a program uses, in one order for all of them:
/// `CSM_AUTH_TOKEN` (with `CSM_AUTH_CLOUD_ID`) first, which touches no store; then the profile
/// (`--profile`, `CSM_AUTH_PROFILE`, `default`), refreshed as needed.
public struct CredentialResolver: Sendable {
    /// The variables and folders credentials are resolved with.
    public let environment: CSMAuthEnvironment
    /// The HTTP client a session's refresh uses.
    public let transport: any HTTPTransport
    /// Receives the sessions' refresh events.
    public let logger: Logger

    /// - Parameters:
    ///   - environment: the variables and folders to resolve with.
    ///   - transport: the HTTP client a refresh uses.
    ///   - logger: receives refresh events.
    public init(
        environment: CSMAuthEnvironment, transport: any HTTPTransport = CurlTransport(), logger: Logger = .silent
    ) {
        self.environment = environment
        self.transport = transport
        self.logger = logger
    }

    /// Where the credential comes from: the environment's fixed one, or the profile's session.
    /// - Parameter profile: the profile asked for (`--profile`); nil for `CSM_AUTH_PROFILE` or `default`.
    /// - Throws: ``CSMAuthError`` (`.invalidInput`) for an invalid profile name or an invalid
    ///   `CSM_AUTH_TOKEN`, `CSM_AUTH_CLOUD_ID` or `CSM_AUTH_API_URL` value.
    public func source(profile: String?) throws -> CredentialSource {
        if let fixed = try Credential.fromEnvironment(environment) { return .fixed(fixed) }
        return .session(try session(profile: profile))
    }

    /// A credential valid for more than a minute, from ``source(profile:)``.
    /// - Parameter profile: the profile asked for (`--profile`); nil for `CSM_AUTH_PROFILE` or `default`.
    /// - Throws: the errors of ``source(profile:)`` and of ``AuthSession/credential(minimumValidity:)``.
    public func credential(profile: String?) async throws -> Credential {
        switch try source(profile: profile) {
        case .fixed(let credential): credential
        case .session(let session): try await session.credential()
        }
    }

    /// ``credential(profile:)`` for a caller that holds the profile's lock, taken by
    /// ``ImmediateCredential/lookUpOrTake(profile:timeout:variable:)`` after it found nothing in
    /// the kernel cache: the session reads the store under that lock, without looking at the
    /// cache or taking the lock again (see ``AuthSession/credential(minimumValidity:holding:)``).
    /// - Parameters:
    ///   - profile: the profile asked for (`--profile`); nil for `CSM_AUTH_PROFILE` or `default`.
    ///   - held: the profile's lock; nil when the caller took none.
    /// - Throws: the errors of ``credential(profile:)``.
    package func credential(profile: String?, holding held: ProfileLock.Held?) async throws -> Credential {
        if let fixed = try Credential.fromEnvironment(environment) { return fixed }
        return try await session(profile: profile).credential(holding: held)
    }

    /// The profile's session, ignoring `CSM_AUTH_TOKEN` (for `refresh` and `sites`, which act on the profile).
    /// - Parameter profile: the profile asked for (`--profile`); nil for `CSM_AUTH_PROFILE` or `default`.
    /// - Throws: ``CSMAuthError`` (`.invalidInput`) for an invalid profile name.
    public func session(profile: String?) throws -> AuthSession {
        AuthSession(
            profile: try environment.profileName(profile), environment: environment, transport: transport,
            logger: logger)
    }
}
