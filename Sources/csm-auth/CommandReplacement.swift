import CSMAuth
import CSpawn
import Glibc

/// What `exec` does once it has a credential: replace csm-auth with the command.
enum CommandReplacement {
    /// Puts `variables` into the environment, takes out the secrets the command has no use for
    /// (``CredentialVariables/withheldFromCommands``), and execs `command` (searched in `PATH`). Returns
    /// only when the command cannot be started, with the exit code to use (127), having said why
    /// on stderr.
    ///
    /// The variables go into a new environment passed to `execve`, not into this process's with
    /// `setenv`, which would race the threads of GLib or libcurl still running here.
    static func exec(_ command: [String], with variables: CredentialVariables) -> Int32 {
        var inherited: [String] = []
        var entry = environ
        while let pointer = entry.pointee {
            inherited.append(String(cString: pointer))
            entry += 1
        }
        let environment = variables.commandEnvironment(inheriting: inherited)
        restoreDefaultSignalHandling()
        closeOwnDescriptors()
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

    /// Marks every descriptor csm-auth opened close-on-exec, so the command gets standard input,
    /// output and error, and the descriptors csm-auth's caller handed it (``InheritedDescriptors``),
    /// and nothing else: not libcurl's sockets (which it opens without close-on-exec), not the
    /// D-Bus connection, not a lock file.
    static func closeOwnDescriptors() {
        for descriptor in InheritedDescriptors.openDescriptors() where !InheritedDescriptors.isInherited(descriptor) {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
    }
}
