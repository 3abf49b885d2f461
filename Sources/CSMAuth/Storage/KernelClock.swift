import CKernelKeyring
import FoundationEssentials

/// Wall-clock seconds since 1970, without Foundation.
enum KernelClock {
    static func now() -> Int64 {
        CurrentProcess.wallClockSeconds()
    }
}
