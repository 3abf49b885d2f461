import ArgumentParser
import CSMAuth
import Foundation

extension CredentialVariables.Format: ExpressibleByArgument {}

extension CSMAuthCommand {
    struct Env: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "env",
            abstract: "Print CSM_ACCESS_TOKEN, CSM_CLOUD_ID, CSM_API_BASE_URL and CSM_AUTHORIZATION for a shell or a program.",
            discussion: "Use it as: eval \"$(csm-auth env)\". Prefer `csm-auth exec` where you can: it keeps the token out of your shell.")

        @OptionGroup var options: ProfileOptions

        @Option(name: .long, help: "sh (default), fish, json or dotenv.")
        var format: CredentialVariables.Format = .sh

        func run() async throws {
            try await CommandRunner.run(verbose: options.verbose) { context in
                let credential = try await context.credential(profileFlag: options.profile)
                warnIfNoSite(credential)
                try Output.print(CredentialVariables(credential).rendered(format))
            }
        }
    }

    struct Exec: AsyncParsableCommand {
        /// exec keeps the signal mask and ignored signals: undo what the Swift runtime and its
        /// thread pools changed (blocked signals, an ignored SIGPIPE), so the command gets
        /// SIGINT, SIGTERM and SIGPIPE as if the shell had started it.
        static func restoreDefaultSignalHandling() {
            var none = sigset_t()
            sigemptyset(&none)
            pthread_sigmask(SIG_SETMASK, &none, nil)
            for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD] {
                Glibc.signal(signal, SIG_DFL)
            }
        }

        /// Marks every descriptor above 2 close-on-exec, so the command gets standard input, output
        /// and error and nothing else of ours: not libcurl's sockets (which it opens without
        /// close-on-exec), not the D-Bus connection, not a lock file.
        static func closeInheritedDescriptors() {
            guard let folder = opendir("/proc/self/fd") else {
                // No /proc: fall back to the whole descriptor range.
                for descriptor in 3..<Int32(clamping: sysconf(Int32(_SC_OPEN_MAX))) { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
                return
            }
            defer { closedir(folder) }
            let own = dirfd(folder)
            while let entry = readdir(folder) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                guard let descriptor = Int32(name), descriptor > 2, descriptor != own else { continue }
                _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            }
        }

        static let configuration = CommandConfiguration(
            commandName: "exec",
            abstract: "Run a command with CSM_ACCESS_TOKEN, CSM_CLOUD_ID, CSM_API_BASE_URL and CSM_AUTHORIZATION in its environment.",
            discussion: """
                csm-auth replaces itself with the command (exec), so the command's exit status and signals are its own. \
                A command that cannot be started exits 127.
                """)

        @OptionGroup var options: ProfileOptions

        @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.")
        var command: [String] = []

        func validate() throws {
            if command.isEmpty { throw ValidationError("give the command after --, e.g. csm-auth exec -- curl …") }
        }

        func run() async throws {
            try await CommandRunner.run(verbose: options.verbose) { context in
                let credential = try await context.credential(profileFlag: options.profile)
                warnIfNoSite(credential)
                for pair in CredentialVariables(credential).pairs { setenv(pair.name, pair.value, 1) }
                Self.restoreDefaultSignalHandling()
                Self.closeInheritedDescriptors()
                let arguments = command.map { strdup($0) } + [nil]
                execvp(command[0], arguments)
                let reason = String(cString: strerror(errno))
                Output.error("cannot run '\(command[0])': \(reason)")
                throw ExitCode(127)
            }
        }
    }
}

/// Without a site there is no cloudId: say so on stderr instead of silently leaving out two variables.
func warnIfNoSite(_ credential: Credential) {
    if credential.cloudID == nil {
        Output.error("warning: no site is selected, so CSM_CLOUD_ID and CSM_API_BASE_URL are not set (run `csm-auth sites --select SITE`, or set CSM_AUTH_CLOUD_ID)")
    }
}
