import Foundation

/// The lifetimes that drive token expiry; changeable at run time through `/_sandbox/settings`.
struct OAuthSettings: Sendable, Equatable {
    /// Access token lifetime, seconds.
    var accessTokenLifetime: TimeInterval
    /// How long a rotated refresh token stays usable, seconds.
    var reuseInterval: TimeInterval
    /// Refresh token inactivity expiry, seconds.
    var refreshTokenInactivity: TimeInterval
    /// Absolute refresh token expiry after the first consent, seconds, or `nil` for none.
    var refreshTokenAbsoluteLifetime: TimeInterval?
    /// Authorization code lifetime, seconds.
    var authorizationCodeLifetime: TimeInterval

    /// The settings a configuration starts with.
    init(_ configuration: SandboxConfiguration) {
        accessTokenLifetime = configuration.accessTokenLifetime
        reuseInterval = configuration.reuseInterval
        refreshTokenInactivity = configuration.refreshTokenInactivity
        refreshTokenAbsoluteLifetime = configuration.refreshTokenAbsoluteLifetime
        authorizationCodeLifetime = configuration.authorizationCodeLifetime
    }
}
