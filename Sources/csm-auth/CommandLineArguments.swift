/// The command line before argument-parser sees it: options common to every command written
/// before the subcommand (`csm-auth --profile work token`) are moved after it, and a mistyped
/// subcommand gets a suggestion.
struct CommandLineArguments {
    /// The subcommand names.
    let subcommands: [String]

    /// Options every subcommand takes, so they may come first; the value says whether one follows.
    static let globalOptions = ["--profile": true, "--verbose": false]

    /// `arguments` with leading global options moved right after the subcommand.
    func reordered(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            guard let takesValue = Self.globalOptions[name] else { break }
            leading.append(argument)
            if takesValue && !argument.contains("=") && index + 1 < arguments.count {
                leading.append(arguments[index + 1])
                index += 1
            }
            index += 1
        }
        guard !leading.isEmpty, index < arguments.count, subcommands.contains(arguments[index]) else {
            return arguments
        }
        return [arguments[index]] + leading + arguments[(index + 1)...]
    }

    /// The subcommand `word` was probably meant to be, when it is none but close to one
    /// (at most two edits, or a prefix of exactly one).
    func suggestion(for word: String) -> String? {
        guard !word.hasPrefix("-"), !subcommands.contains(word), word != "help" else { return nil }
        let prefixed = subcommands.filter { $0.hasPrefix(word) }
        if prefixed.count == 1 { return prefixed[0] }
        let scored = subcommands.map { ($0, Self.distance(word, $0)) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }

    /// The word after `help` that names no command (`csm-auth help nope`), which argument-parser
    /// would answer with the full help and exit 0; nil when `arguments` is no such `help` line.
    /// Options after the word (`help token --verbose`) are left to argument-parser.
    func unknownHelpTopic(_ arguments: [String]) -> String? {
        guard arguments.first == "help" else { return nil }
        let words = arguments.dropFirst().prefix { !$0.hasPrefix("-") }
        guard let topic = words.first else { return nil }
        if !subcommands.contains(topic) && topic != "help" { return topic }
        // The commands have no subcommands of their own: `help token nope` names nothing either.
        return words.dropFirst().first.map { "\(topic) \($0)" }
    }

    /// Levenshtein distance between two short words.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
