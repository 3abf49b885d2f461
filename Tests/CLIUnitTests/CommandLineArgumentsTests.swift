import Testing

@testable import csm_auth

/// What the command line says before argument-parser reads it: `help` with a word that names
/// no command is a usage error, not the full help.
struct CommandLineArgumentsTests {
    let line = CommandLineArguments(subcommands: ["login", "status", "token"])

    @Test func helpWithAnUnknownWordNamesIt() {
        #expect(line.unknownHelpTopic(["help", "nope"]) == "nope")
        #expect(line.unknownHelpTopic(["help", "token", "nope"]) == "token nope")
    }

    @Test func helpAloneOrWithACommandIsFine() {
        #expect(line.unknownHelpTopic(["help"]) == nil)
        #expect(line.unknownHelpTopic(["help", "token"]) == nil)
        #expect(line.unknownHelpTopic(["help", "help"]) == nil)
        #expect(line.unknownHelpTopic(["help", "--help"]) == nil)
        #expect(line.unknownHelpTopic(["token", "nope"]) == nil)
    }
}
