import Glibc

/// This process as the system sees it: its environment variables, its user, its id, and the
/// wall clock.
enum CurrentProcess {
    /// A variable of the process's environment (`getenv`): no dictionary of the whole environment
    /// is built, which the hot path saves.
    static func variable(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// The user whose permissions the process has (`geteuid`).
    static var effectiveUserID: UInt32 { geteuid() }

    /// The group whose permissions the process has (`getegid`).
    static var effectiveGroupID: UInt32 { getegid() }

    /// The user who started the process (`getuid`).
    static var realUserID: UInt32 { getuid() }

    /// The process id (`getpid`).
    static var id: Int32 { getpid() }

    /// The home folder of ``effectiveUserID`` in the account database (`getpwuid`), as it is
    /// there (possibly empty); nil when the user has no entry.
    static func accountHomeFolder() -> String? {
        guard let entry = getpwuid(geteuid()), let directory = entry.pointee.pw_dir else { return nil }
        return String(cString: directory)
    }

    /// Wall-clock seconds since 1970 (`clock_gettime` with `CLOCK_REALTIME`), without Foundation.
    static func wallClockSeconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec)
    }
}
