/// A compare-and-swap write of a fleet's credentials found them changed by another machine since
/// they were read: its write is kept, this one is dropped.
package struct FleetConflictError: CategorizedError, Sendable, Equatable {
    /// The profile whose credentials changed.
    package var profile: String

    /// - Parameter profile: the profile whose credentials changed.
    package init(profile: String) {
        self.profile = profile
    }

    /// ``ErrorCategory/failure``: running the command again reads the other machine's tokens.
    package var category: ErrorCategory { .failure }

    /// One line naming the profile.
    package var description: String {
        "another machine changed the login of profile '\(profile)' in etcd meanwhile; its tokens are kept, run the command again"
    }
}
