extension StringProtocol {
    /// The text with every control character (line break, carriage return, escape, delete) and
    /// Unicode line or paragraph separator replaced by a space.
    ///
    /// For text from outside (a server's answer, a file) put into a one-line message: it keeps a
    /// message on one line and stops a terminal escape sequence from rewriting what the user reads.
    package var printableLine: String {
        String(
            String.UnicodeScalarView(
                unicodeScalars.map { scalar in
                    scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}"
                        ? " " : scalar
                }))
    }
}
