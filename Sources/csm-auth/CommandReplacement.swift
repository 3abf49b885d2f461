import CSMAuth
import CSpawn
import Glibc

/// What `exec` does once it has a credential: replace csm-auth with the command.
enum CommandReplacement {
    /// Puts `variables` into the environment and execs `command` (searched in `PATH`). Returns
    /// only when the command cannot be started, with the exit code to use (127), having said why
    /// on stderr.
    ///
    /// The variables go into a new environment passed to `execve`, not into this process's with
    /// `setenv`, which would race the threads of GLib or libcurl still running here.
    static func exec(_ command: [String], with variables: CredentialVariables) -> Int32 {
        let names = Set(variables.pairs.map(\.name))
        var environment: [String] = []
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if !names.contains(String(text.prefix { $0 != "=" })) { environment.append(text) }
            entry += 1
        }
        environment += variables.pairs.map { "\($0.name)=\($0.value)" }
        restoreDefaultSignalHandling()
        closeInheritedDescriptors()
        let arguments = command.map { strdup($0) } + [nil]
        let environmentPointers = environment.map { strdup($0) } + [nil]
        cspawn_execvpe(command[0], arguments, environmentPointers)
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
            for descriptor in 3..<Int32(clamping: sysconf(Int32(_SC_OPEN_MAX))) {
                _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            }
            return
        }
        defer { closedir(folder) }
        let own = dirfd(folder)
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let descriptor = Int32(name), descriptor > 2, descriptor != own else { continue }
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
    }
}
