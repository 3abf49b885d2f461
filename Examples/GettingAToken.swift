import CSMAuth
import Foundation

// MARK: Getting a token

/// The access token a script or tool needs, exactly as `csm-auth token` finds it:
/// CSM_AUTH_TOKEN first, then the profile (CSM_AUTH_PROFILE or `default`), refreshed as needed.
func printToken(profile: String?) async throws {
    let resolver = CredentialResolver(environment: CSMAuthEnvironment())
    let credential = try await resolver.credential(profile: profile)
    print(credential.token.reveal())
}

/// One session per profile, shared: concurrent callers share one refresh.
func printSessionCredential() async throws {
    let session = AuthSession(profile: "work", environment: CSMAuthEnvironment())
    let credential = try await session.credential(minimumValidity: 300)  // valid for 5 more minutes
    print(credential.authorization)  // Secret: prints <redacted>
    print(credential.expiresAt.map { "expires at \($0)" } ?? "no expiry (an API token)")
    print(credential.csmBaseURL?.absoluteString ?? "no site selected")
}

/// A tool that starts many times a second asks the kernel-keyring cache first.
func fastToken(profile: String?) async throws -> String {
    if let cached = ImmediateCredential.cached(profile: profile) {
        return cached.authorization.reveal()
    }
    let credential = try await CredentialResolver(environment: CSMAuthEnvironment()).credential(profile: profile)
    return ImmediateCredential(credential).authorization.reveal()
}

/// The CSM_* variables of `csm-auth env`, for a child process.
func variablesForAChild() async throws -> [String: String] {
    let credential = try await CredentialResolver(environment: CSMAuthEnvironment()).credential(profile: nil)
    var variables: [String: String] = [:]
    for (name, value) in CredentialVariables(credential).pairs { variables[name] = value }
    return variables
}
