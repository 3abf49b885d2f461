import ArgumentParser

/// `--profile NAME` or `--all`, for commands that can act on every profile.
struct ProfileSelection: ParsableArguments {
    @OptionGroup var options: ProfileOptions

    @Flag(name: .long, help: "Act on every profile.")
    var all = false

    func validate() throws {
        if all && options.profile != nil { throw ValidationError("use either --profile or --all, not both") }
    }
}
