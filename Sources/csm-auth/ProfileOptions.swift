import ArgumentParser

/// Options that every profile-based command takes.
struct ProfileOptions: ParsableArguments {
    @Option(name: .long, help: "The profile to use (default: $CSM_AUTH_PROFILE or 'default').")
    var profile: String?

    @Flag(name: .long, help: "Explain failures in more detail and log HTTP exchanges (secrets redacted).")
    var verbose = false
}

/// `--profile NAME` or `--all`, for commands that can act on every profile.
struct ProfileSelection: ParsableArguments {
    @OptionGroup var options: ProfileOptions

    @Flag(name: .long, help: "Act on every profile.")
    var all = false

    func validate() throws {
        if all && options.profile != nil { throw ValidationError("use either --profile or --all, not both") }
    }
}
