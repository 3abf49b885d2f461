import CSMAuth
import Glibc

/// What `exec` does once it has a credential: replace csm-auth with the command.
enum CommandReplacement {
    /// Puts `variables` into the environment and execs `command` (searched in `PATH`). Returns
    /// only when the command cannot be started, with the exit code to use (127), having said why
    /// on stderr.
    static func exec(_ command: [String], with variables: CredentialVariables) -> Int32 {
        for pair in variables.pairs { setenv(pair.name, pair.value, 1) }
        restoreDefaultSignalHandling()
        closeInheritedDescriptors()
        let arguments = command.map { strdup($0) } + [nil]
        execvp(command[0], arguments)
        let reason = String(cString: strerror(errno))
        Output.error("cannot run '\(command[0])': \(reason)")
        return 127
    }

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
}
