import Foundation
import FuzzSupport

@testable import CSMAuth

// Feeds arbitrary text to the two readers of a redirect: the URL a user pastes (`login --paste`)
// and the request target the loopback listener routes.

private let expectedState = "fuzz-state-6Tq2"
private let callbackPath = "/callback"

/// Checks that a code was only accepted from a query that deserves it.
private func checkAccepted(_ code: Secret, query: Substring, from input: String) {
    invariant(
        QueryOracle.allowsSuccess(query: query, expectedState: expectedState, code: code.reveal()),
        "accepted a code without the right state and one code: \(input.debugDescription)")
}

/// Checks what a refused callback may tell the user.
private func checkRefusal(_ error: any Error, from input: String) {
    guard let error = error as? LoopbackReceiverError else {
        invariant(false, "refused with an unexpected error type: \(error)")
        return
    }
    invariant(
        isOneSafeLine(error.description), "the refusal is not one safe line: \(error.description.debugDescription)")
    // The sanitised OAuth error is the only request text a refusal may show (and it may hold anything).
    invariant(
        !error.description.contains(expectedState) || (error.oauthError ?? "").contains(expectedState),
        "the refusal shows the state: \(error.description.debugDescription)")
    if let oauthError = error.oauthError {
        invariant(
            oauthError.count <= AuthorizationResponse.maximumOAuthErrorLength
                && oauthError.unicodeScalars.allSatisfy {
                    $0.isASCII
                        && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0))
                },
            "the OAuth error is not sanitised: \(oauthError.debugDescription)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = String(decoding: FuzzInput.bytes(start, count), as: UTF8.self)

    // 1. The pasted, redirected URL.
    do {
        let code = try AuthorizationResponse.code(
            fromPastedURL: text, callbackPath: callbackPath, expectedState: expectedState)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let withoutFragment = trimmed.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let parts = withoutFragment.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        invariant(
            parts.first?.hasSuffix(callbackPath) == true,
            "accepted a pasted URL with another path: \(text.debugDescription)")
        checkAccepted(code, query: parts.count == 2 ? parts[1] : "", from: text)
    } catch {
        checkRefusal(error, from: text)
    }

    // 2. The same text as the request target of a GET the listener received.
    let route = CallbackRoute(method: "GET", target: text, callbackPath: callbackPath)
    let parts = text.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
    switch route {
    case .notFound:
        invariant(parts.first != Substring(callbackPath), "the callback path was not found: \(text.debugDescription)")
    case .methodNotAllowed:
        invariant(false, "a GET was refused as another method")
    case .start:
        // The browser's start link: never the callback path, always under /start/.
        invariant(
            parts.first != Substring(callbackPath) && parts.first?.hasPrefix(CallbackRoute.startPrefix) == true,
            "another path was routed to the start link: \(text.debugDescription)")
    case .callback(let query):
        invariant(
            parts.first == Substring(callbackPath), "another path was routed to the callback: \(text.debugDescription)")
        guard let query else { break }
        do {
            let code = try AuthorizationResponse.code(fromQuery: query, expectedState: expectedState)
            checkAccepted(code, query: parts.count == 2 ? parts[1] : "", from: text)
        } catch {
            checkRefusal(error, from: text)
        }
    }
    // Any other method on the callback path is never a callback.
    invariant(
        CallbackRoute(method: "POST", target: text, callbackPath: callbackPath) != .callback(query: []),
        "a POST was routed to the callback")
    _ = CallbackRoute.pathForLog(text)
    return 0
}
