/// What ``FleetRefreshLock/takeRefreshTurn(profile:observedRevision:timeout:)`` gives a machine
/// that wants to refresh a fleet's login.
package enum FleetRefreshTurn: Sendable {
    /// This machine holds the profile's refresh lock: re-read, refresh, save, release.
    case held(FleetRefreshHold)
    /// Another machine changed the credentials meanwhile (it refreshed): read them, do not refresh.
    case changed
}
