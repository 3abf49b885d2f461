import ArgumentParser
import CSMAuth

/// What `token`, `header`, `env` and `exec` do once their command line is read, by
/// argument-parser or by ``HotPath``: one implementation, so both give the same answers.
enum CredentialCommand: Equatable {
    case token, header
    case env(CredentialVariables.Format)
    case exec([String])

    /// Prints (or execs) the answer for the profile's credential from the library's resolver,
    /// which answers from the kernel cache when it holds a valid token, and otherwise takes the
    /// profile's lock (or waits for the process that holds it to cache its answer), then reads
    /// the store and refreshes when needed.
    /// - Throws: `ExitCode` with the contract's code after a one-line error.
    /// - Parameter known: what ``HotPath`` already found before the runtime started, if anything:
    ///   the cached answer, or the profile's lock, which the resolver then uses as it is.
    func run(profile: String?, verbose: Bool, known: ImmediateCredential.Outcome? = nil) async throws {
        var held: ProfileLock.Held?
        switch known {
        case .ready(let cached):
            let code = exitCode(answering: cached, verbose: verbose)
            if code != 0 { throw ExitCode(code) }
            return
        case .yourTurn(let lock): held = lock
        case nil: held = nil
        }
        try await CommandRunner.run(verbose: verbose) { context in
            try answer(ImmediateCredential(try await context.credential(profileFlag: profile, holding: held)))
        }
    }

    /// Prints (or execs) the answer for `credential` and returns the exit code, after a one-line
    /// error when that failed.
    func exitCode(answering credential: ImmediateCredential, verbose: Bool) -> Int32 {
        do {
            try answer(credential)
            return 0
        } catch {
            return CommandRunner.report(error, verbose: verbose)
        }
    }

    /// Prints (or execs) the answer for `credential`.
    private func answer(_ credential: ImmediateCredential) throws {
        switch self {
        case .token:
            try Output.print(credential.token.reveal())
        case .header:
            try Output.print("Authorization: " + credential.authorization.reveal())
        case .env(let format):
            warnIfNoSite(cloudID: credential.cloudID)
            try Output.print(credential.variables.rendered(format))
        case .exec(let command):
            warnIfNoSite(cloudID: credential.cloudID)
            throw ExitCode(CommandReplacement.exec(command, with: credential.variables))
        }
    }
}

/// Without a site there is no cloudId: say so on stderr instead of silently leaving out two
/// variables. A `CSM_AUTH_TOKEN` comes without a profile, so only `CSM_AUTH_CLOUD_ID` can add one.
func warnIfNoSite(cloudID: String?) {
    guard cloudID == nil else { return }
    if ImmediateCredential.processVariable("CSM_AUTH_TOKEN")?.isEmpty == false {
        Output.error(
            "warning: CSM_AUTH_TOKEN is set but CSM_AUTH_CLOUD_ID is not, so CSM_CLOUD_ID and CSM_API_BASE_URL are not set (set CSM_AUTH_CLOUD_ID to the site's cloudId)"
        )
    } else {
        Output.error(
            "warning: no site is selected, so CSM_CLOUD_ID and CSM_API_BASE_URL are not set (run `csm-auth sites --select SITE`, or set CSM_AUTH_CLOUD_ID)"
        )
    }
}
