import ArgumentParser

/// Options that every profile-based command takes.
struct ProfileOptions: ParsableArguments {
    @Option(name: .long, help: "The profile to use (default: $CSM_AUTH_PROFILE or 'default').")
    var profile: String?

    @Flag(name: .long, help: "Explain failures in more detail and log HTTP exchanges (secrets redacted).")
    var verbose = false
}
