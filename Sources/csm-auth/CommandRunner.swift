import ArgumentParser
import CSMAuth
import FoundationEssentials
import Glibc
import Logging

/// Runs a command's body and turns CSMAuth errors into one line on stderr and the contract's exit code.
enum CommandRunner {
    static func run(verbose: Bool, _ body: (CommandContext) async throws -> Void) async throws {
        let context = CommandContext(verbose: verbose)
        do {
            try await body(context)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw ExitCode(report(error, verbose: verbose))
        }
    }

    /// Says what went wrong in one line on stderr (nothing for a broken pipe) and returns the exit code.
    static func report(_ error: any Error, verbose: Bool) -> Int32 {
        switch error {
        case let exit as ExitCode:
            return exit.rawValue
        case let failure as Output.StandardOutputFailed:
            if failure.isBrokenPipe { return 141 }
            Output.error(failure.description)
            return 1
        case let error as any CategorizedError:
            Output.error(error.description)
            return exitCode(for: error.category)
        case let error as ValidationError:
            // Found while running (a missing client id, say): one line like every other error, not the usage text.
            Output.error(error.message)
            return 64
        default:
            // Not one of ours (Foundation, say): its type is enough for --verbose, never a trace.
            Output.error("unexpected failure\(verbose ? " (\(type(of: error)))" : ""): \(error)")
            return 1
        }
    }

    static func exitCode(for category: ErrorCategory) -> Int32 {
        switch category {
        case .usage: 64
        case .failure: 1
        case .loginRequired: 4
        case .storeUnavailable: 5
        }
    }
}
