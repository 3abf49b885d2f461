import Foundation
import FuzzSupport

@testable import CSMAuth

// Feeds arbitrary text to the configuration file parser, and checks that whatever parses is
// written back in a form that parses to the same configuration.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = String(decoding: FuzzInput.bytes(start, count), as: UTF8.self)
    let config: ConfigFile
    do {
        config = try ConfigFile.parse(text, path: "config")
    } catch let error as CSMAuthError {
        invariant(isOneSafeLine(error.message), "the error is not one safe line: \(error.message.debugDescription)")
        return 0
    } catch {
        invariant(false, "an error that is not a CSMAuthError: \(error)")
        return 0
    }
    let rendered = config.rendered()
    do {
        let reparsed = try ConfigFile.parse(rendered, path: "config")
        invariant(
            reparsed == config,
            "the written file reads back differently:\n\(text.debugDescription)\nwritten:\n\(rendered.debugDescription)"
        )
    } catch {
        invariant(
            false,
            "the written file does not parse: \(error)\n\(text.debugDescription)\nwritten:\n\(rendered.debugDescription)"
        )
    }
    return 0
}
