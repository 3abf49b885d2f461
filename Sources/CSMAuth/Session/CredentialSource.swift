/// Where a program's credentials come from, as ``CredentialResolver/source(profile:)`` decides:
/// a profile's refreshing session, or a fixed credential (`CSM_AUTH_TOKEN`).
public enum CredentialSource: Sendable {
    /// A profile's session, which refreshes as needed (and once more on a 401).
    case session(AuthSession)
    /// A credential used as it is, never refreshed.
    case fixed(Credential)
}
