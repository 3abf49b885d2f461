import Foundation

/// Stops the fuzzer with `message` when an invariant does not hold.
///
/// `abort()` is what libFuzzer reports as a crash, saving the input as `crash-…`.
/// - Parameters:
///   - condition: what must be true for every input.
///   - message: what broke, printed to standard error.
public func invariant(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    guard !condition() else { return }
    FileHandle.standardError.write(Data("invariant failed: \(message())\n".utf8))
    abort()
}

/// Whether `text` is one line: no line break and no other control character (a terminal escape,
/// a carriage return) that could rewrite what a user reads.
public func isOneSafeLine(_ text: String) -> Bool {
    text.unicodeScalars.allSatisfy { scalar in
        !(scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}")
    }
}
