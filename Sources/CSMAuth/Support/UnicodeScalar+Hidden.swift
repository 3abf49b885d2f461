extension Unicode.Scalar {
    /// Whether the character is a control or an invisible one: a C0 or C1 control or DEL, a format
    /// character (category Cf: the bidi controls U+200E, U+200F, U+202A–U+202E and U+2066–U+2069,
    /// zero-width spaces and joiners, U+FEFF, the soft hyphen), a line or paragraph separator
    /// (U+2028, U+2029), or any other default-ignorable code point (fillers, variation selectors).
    /// Such a character makes text read other than it is, or sends a terminal elsewhere.
    /// ASCII is decided without a look at the Unicode tables, so the test costs next to nothing
    /// for the ASCII values of the hot path.
    var isControlOrInvisible: Bool {
        if value < 0x80 { return value < 0x20 || value == 0x7F }
        if value < 0xA0 { return true }
        switch properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate: return true
        default: return properties.isDefaultIgnorableCodePoint
        }
    }
}
