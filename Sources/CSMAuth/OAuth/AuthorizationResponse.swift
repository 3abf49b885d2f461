import FoundationEssentials

/// Reads the authorization server's redirect back to us: checks `state`, reports OAuth errors,
/// and returns the authorization code.
///
/// Pure and socket-free: ``LoopbackReceiver`` uses it for the browser's request, and
/// `login --paste` for the URL the user copies from the browser's address bar.
enum AuthorizationResponse {
    /// The longest OAuth `error` value carried into an error message.
    static let maximumOAuthErrorLength = 64

    /// Validates a redirect's query items and returns the authorization code.
    ///
    /// The checks run in this order, on purpose:
    /// 1. `state` must appear exactly once and equal `expectedState` (compared in constant time);
    ///    a repeated `state` is a mismatch even when one copy matches.
    ///    It is checked before `error`, so that a forged `error=access_denied` from any web page
    ///    cannot end a login: only the page that knows the state can.
    /// 2. `error=access_denied` means the user denied consent; any other `error` is reported by
    ///    its code, sanitised.
    /// 3. `code` must appear exactly once and not be empty.
    ///
    /// - Parameters:
    ///   - items: the redirect's query items, percent-decoded, duplicates kept.
    ///   - expectedState: the `state` this login sent; an empty one matches nothing.
    /// - Returns: the authorization code.
    /// - Throws: ``LoopbackReceiverError`` with code ``LoopbackReceiverError/Code/stateMismatch``,
    ///   ``LoopbackReceiverError/Code/accessDenied``, ``LoopbackReceiverError/Code/authorizationFailed``,
    ///   ``LoopbackReceiverError/Code/missingCode`` or ``LoopbackReceiverError/Code/malformedCallback``.
    static func code(fromQuery items: [URLQueryItem], expectedState: String) throws -> Secret {
        let states = items.filter { $0.name == "state" }
        // Two states are refused even when one matches: a parser elsewhere may pick the other one.
        guard states.count <= 1 else { throw LoopbackReceiverError.stateMismatch }
        guard let state = states.first?.value, !expectedState.isEmpty,
            constantTimeEquals(Array(state.utf8), Array(expectedState.utf8))
        else { throw LoopbackReceiverError.stateMismatch }

        let errors = items.filter { $0.name == "error" }
        if !errors.isEmpty {
            if errors.count == 1, errors[0].value == "access_denied" { throw LoopbackReceiverError.accessDenied }
            throw LoopbackReceiverError.authorizationFailed(sanitisedOAuthError(errors[0].value))
        }

        let codes = items.filter { $0.name == "code" }
        guard codes.count <= 1 else { throw LoopbackReceiverError.malformedCallback }
        guard let code = codes.first?.value, !code.isEmpty else { throw LoopbackReceiverError.missingCode }
        return Secret(code)
    }

    /// For `login --paste`: reads the full redirected URL as the user pasted it and returns the code.
    ///
    /// Surrounding whitespace is trimmed. The URL must be absolute (`http` or `https`) and its path
    /// must equal `callbackPath` exactly; then the query is checked as in ``code(fromQuery:expectedState:)``.
    /// The fragment is ignored.
    ///
    /// - Parameters:
    ///   - text: what the user pasted.
    ///   - callbackPath: the callback URL's path, e.g. `/callback` (percent-encoded as in the URL).
    ///   - expectedState: the `state` this login sent.
    /// - Returns: the authorization code.
    /// - Throws: ``LoopbackReceiverError`` with code ``LoopbackReceiverError/Code/malformedCallback`` when the
    ///   text is not such a URL, or any error of ``code(fromQuery:expectedState:)``.
    static func code(fromPastedURL text: String, callbackPath: String, expectedState: String) throws -> Secret {
        let trimmed = text.trimmingWhitespaceAndNewlines()
        // A redirect is printable ASCII. Anything else could combine with `#` or `?` into one
        // Character, which the searches below would then miss (a fragment read as the query).
        guard trimmed.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw LoopbackReceiverError.pastedTextIsNotAURL
        }
        guard let components = URLComponents(string: trimmed),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            components.host?.isEmpty == false
        else { throw LoopbackReceiverError.pastedTextIsNotAURL }
        // Exact match on purpose: the authorization server redirects to the registered URI as is.
        guard components.percentEncodedPath == callbackPath else {
            throw LoopbackReceiverError.pastedURLHasAnotherPath(expected: callbackPath)
        }
        // The query as pasted, not components.queryItems: see queryItems(percentEncoded:).
        let beforeFragment = trimmed.prefix { $0 != "#" }
        let query = beforeFragment.firstIndex(of: "?").map { beforeFragment[beforeFragment.index(after: $0)...] } ?? ""
        guard let items = queryItems(percentEncoded: query) else { throw LoopbackReceiverError.malformedCallback }
        return try code(fromQuery: items, expectedState: expectedState)
    }

    /// The OAuth `error` value reduced to a short token safe to print: at most
    /// ``maximumOAuthErrorLength`` characters of `[A-Za-z0-9_.-]`, or `unknown_error`.
    static func sanitisedOAuthError(_ value: String?) -> String {
        let allowed = (value ?? "").unicodeScalars.filter { scalar in
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || "_.-".unicodeScalars.contains(scalar))
        }
        let token = String(String.UnicodeScalarView(allowed.prefix(maximumOAuthErrorLength)))
        return token.isEmpty ? "unknown_error" : token
    }
}
