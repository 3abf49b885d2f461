import CSMAuth
import Foundation

// MARK: Errors

/// What to do about an error: match its code, or switch over its category.
func advice(for error: any Error) -> String {
    if let error = error as? CSMAuthError, error.code == .notLoggedIn || error.code == .loginRevoked {
        return "log in again: \(error.loginCommand?.description ?? "run the login")"
    }
    guard let error = error as? any CategorizedError else { return "unexpected: \(error)" }
    switch error.category {
    case .usage: return "fix the input: \(error)"
    case .failure: return "try again later: \(error)"
    case .loginRequired: return "log in again: \(error)"
    case .storeUnavailable: return "unlock the keyring: \(error)"
    }
}

/// The exit codes of the `csm-auth` command, for a tool that wants the same contract.
func exitCode(for error: any CategorizedError) -> Int32 {
    switch error.category {
    case .usage: 64
    case .failure: 1
    case .loginRequired: 4
    case .storeUnavailable: 5
    }
}
