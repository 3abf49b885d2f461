/// Text made safe for a terminal.
package enum TerminalText {
    /// `text` with every control or invisible formatting character but the line break escaped
    /// (`\u{1B}`), so that server-supplied names and hostile input cannot forge extra lines or drive
    /// the terminal. Line breaks become `\n` too unless `keepingLineBreaks`.
    package static func oneLine(_ text: String, keepingLineBreaks: Bool = false) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            // Controls, and the invisible ones that reorder or break lines (U+202E, U+2028, U+2029).
            let category = scalar.properties.generalCategory
            let hidden =
                category == .control || category == .format || category == .lineSeparator
                || category == .paragraphSeparator
            if hidden && !(keepingLineBreaks && scalar == "\n") {
                result +=
                    scalar == "\n"
                    ? "\\n"
                    : scalar == "\r"
                        ? "\\r" : scalar == "\t" ? "\\t" : "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
