import ArgumentParser
import CSMAuth

/// Options that every profile-based command takes.
struct ProfileOptions: ParsableArguments {
    @Option(
        name: .long, help: "The profile to use (default: $CSM_AUTH_PROFILE or 'default').",
        completion: .custom { _, _, prefix in ProfileOptions.savedProfileNames(startingWith: prefix) })
    var profile: String?

    @Flag(name: .long, help: "Explain failures in more detail and log HTTP exchanges (secrets redacted).")
    var verbose = false

    /// What `--profile <TAB>` offers: the names of the profiles in the settings file, sorted. Only
    /// that file is read (no store, no request, so never a secret); an unusable one offers nothing.
    static func savedProfileNames(
        startingWith prefix: String, environment: CSMAuthEnvironment = CSMAuthEnvironment()
    ) -> [String] {
        guard let profiles = try? Profiles(environment: environment).all() else { return [] }
        return profiles.keys.filter { $0.hasPrefix(prefix) && (try? ProfileName.validated($0)) != nil }.sorted()
    }
}
