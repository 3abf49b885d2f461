/// An error that knows its ``ErrorCategory``. Every public error of CSMAuth conforms, so a tool
/// can decide how to react (retry, ask for a login, fix the input) without matching each type.
public protocol CategorizedError: Error, CustomStringConvertible {
    /// How a caller should react to the error.
    var category: ErrorCategory { get }
}
