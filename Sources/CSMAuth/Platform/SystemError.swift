import FoundationEssentials
import Glibc

/// The `errno` of a failed system call, with the system's words for it.
///
/// The platform types throw it as the call left it, before anything else can change `errno`;
/// callers turn it into their own errors with ``message``.
struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The `errno` value.
    let code: Int32

    init(code: Int32) {
        self.code = code
    }

    /// The `errno` a Foundation file error carries (a `POSIXError`, or a `CocoaError` wrapping
    /// one); nil for any other error.
    init?(wrappedBy error: any Error) {
        guard let posix = (error as? POSIXError) ?? ((error as? CocoaError)?.underlying as? POSIXError) else {
            return nil
        }
        self.init(code: posix.code.rawValue)
    }

    /// `errno` as the last failed call on this thread left it: for C libraries (libcurl) that
    /// report a failure their own way, and leave the system's reason in `errno`.
    static var lastCall: SystemError { SystemError(code: errno) }

    /// The system's one-line description (`strerror`), e.g. "Permission denied".
    var message: String { String(cString: strerror(code)) }

    var description: String { message }

    /// `ENOENT`: no such file or directory.
    static let noSuchFile = SystemError(code: ENOENT)
    /// `EINTR`: a signal interrupted the call before it did anything; it can be made again.
    static let interrupted = SystemError(code: EINTR)
    /// `EAGAIN` (`EWOULDBLOCK` is the same value): the call would have to wait, and was told not to.
    static let wouldBlock = SystemError(code: EAGAIN)
    /// `ELOOP`: what opening a symbolic link with ``FileDescriptor/Options/noFollow`` fails with.
    static let symbolicLinkLoop = SystemError(code: ELOOP)
    /// `ETXTBSY`: an executable that some process still has open for writing.
    static let textFileBusy = SystemError(code: ETXTBSY)
    /// `EMFILE`: this process has as many descriptors open as it may.
    static let tooManyOpenFiles = SystemError(code: EMFILE)
    /// `ENFILE`: the system has as many files open as it may.
    static let tooManyOpenFilesInSystem = SystemError(code: ENFILE)
    /// `ENOBUFS`: no buffer space for a socket.
    static let noBufferSpace = SystemError(code: ENOBUFS)
    /// `ENOMEM`: out of memory.
    static let outOfMemory = SystemError(code: ENOMEM)
    /// `ENOSPC`: no space left on the device (a full file system).
    static let noSpace = SystemError(code: ENOSPC)
    /// `EROFS`: a read-only file system.
    static let readOnlyFileSystem = SystemError(code: EROFS)
    /// `EACCES`: permission denied.
    static let permissionDenied = SystemError(code: EACCES)
    /// `EEXIST`: the file exists.
    static let fileExists = SystemError(code: EEXIST)
}
