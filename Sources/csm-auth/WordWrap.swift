/// Words laid out in lines no wider than a width, for human output that would otherwise run on
/// (a login's thirty scopes on one line).
enum WordWrap {
    /// `prefix` and then the words separated by spaces, broken into lines of at most `width`
    /// characters where a word would cross it; continuation lines start with as many spaces as
    /// `prefix` is long. A word longer than the room left gets a line of its own, never cut.
    static func lines(_ words: [String], prefix: String, width: Int = 100) -> [String] {
        let indent = String(repeating: " ", count: prefix.count)
        var lines: [String] = []
        var current = prefix
        var currentIsEmpty = true
        for word in words {
            if !currentIsEmpty, current.count + 1 + word.count > width {
                lines.append(current)
                current = indent
                currentIsEmpty = true
            }
            current += (currentIsEmpty ? "" : " ") + word
            currentIsEmpty = false
        }
        lines.append(current)
        return lines
    }
}
