import CSpawn
import Glibc

/// A program this process started (`posix_spawn`).
struct ChildProcess: Sendable {
    /// The process id.
    let id: Int32

    /// Starts `executable` with standard input, output and error on /dev/null, no other
    /// descriptor of ours, default signal handling and an empty signal mask. One attempt.
    /// - Parameters:
    ///   - arguments: the whole argument vector, the program's name first.
    ///   - environment: `NAME=value` entries.
    /// - Throws: the error `posix_spawn` returned.
    static func spawn(_ executable: String, arguments: [String], environment: [String]) throws(SystemError)
        -> ChildProcess
    {
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        let envp = environment.map { strdup($0) } + [nil]
        defer { for variable in envp { free(variable) } }
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        var code = posix_spawn_file_actions_init(&actions)
        guard code == 0 else { throw SystemError(code: code) }
        defer { posix_spawn_file_actions_destroy(&actions) }
        code = posix_spawnattr_init(&attributes)
        guard code == 0 else { throw SystemError(code: code) }
        defer { posix_spawnattr_destroy(&attributes) }
        for descriptor: Int32 in 0...2 {
            posix_spawn_file_actions_addopen(
                &actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        cspawn_file_actions_addclosefrom(&actions, 3)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        code = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard code == 0 else { throw SystemError(code: code) }
        return ChildProcess(id: pid)
    }

    /// Blocks until the process ends (`waitpid`, retried when a signal interrupts it), and reaps it.
    /// - Returns: its exit status when it exited (0 too when it cannot be waited for); nil when
    ///   a signal ended it.
    func waitForExit() -> Int32? {
        var status: Int32 = 0
        while waitpid(id, &status, 0) == -1 && errno == EINTR {}
        let exited = status & 0x7f == 0
        return exited ? (status >> 8) & 0xff : nil
    }
}
