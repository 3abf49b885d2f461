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

    /// What `--profile <TAB>` offers: ``Profiles/names(startingWith:)``.
    static func savedProfileNames(
        startingWith prefix: String, environment: CSMAuthEnvironment = CSMAuthEnvironment()
    ) -> [String] {
        Profiles(environment: environment).names(startingWith: prefix)
    }
}
