/// The successful result of a login's browser round trip: the authorization code, to be
/// exchanged at the token endpoint with the same redirect URI.
struct AuthorizationCallback: Sendable {
    /// The authorization code. Single-use and short-lived, but a credential until exchanged.
    let code: Secret
}
