import CKernelKeyring
import FoundationEssentials
import Glibc

/// Wall-clock seconds since 1970, without Foundation.
enum KernelClock {
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec)
    }
}
