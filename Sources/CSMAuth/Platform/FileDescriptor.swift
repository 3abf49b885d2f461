import Glibc

/// An open file descriptor and the calls csm-auth makes on one. A plain value, as the `Int32` it
/// wraps: whoever opens one closes it (``close()``).
///
/// Each call is made once: a call that a signal interrupts throws ``SystemError/interrupted``
/// for the caller to decide, except where the method says it retries.
struct FileDescriptor: Sendable, Hashable {
    let rawValue: Int32

    init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    static let standardInput = FileDescriptor(rawValue: STDIN_FILENO)
    static let standardOutput = FileDescriptor(rawValue: STDOUT_FILENO)
    static let standardError = FileDescriptor(rawValue: STDERR_FILENO)

    /// What a descriptor is opened for.
    enum Access: Sendable {
        case readOnly
        case writeOnly
        case readWrite

        fileprivate var flags: Int32 {
            switch self {
            case .readOnly: O_RDONLY
            case .writeOnly: O_WRONLY
            case .readWrite: O_RDWR
            }
        }
    }

    /// How a file is opened, beside its ``Access``.
    struct Options: OptionSet, Sendable {
        let rawValue: Int32

        /// `O_CREAT`: create the file, with the given permissions, when it is missing.
        static let create = Options(rawValue: O_CREAT)
        /// `O_EXCL`: with ``create``, fail when the file exists.
        static let exclusive = Options(rawValue: O_EXCL)
        /// `O_NOFOLLOW`: fail (``SystemError/symbolicLinkLoop``) rather than follow a symbolic link.
        static let noFollow = Options(rawValue: O_NOFOLLOW)
        /// `O_CLOEXEC`: not inherited by the programs this process starts.
        static let closeOnExec = Options(rawValue: O_CLOEXEC)
        /// `O_NONBLOCK`: opening a FIFO or a device does not wait for its other end.
        static let nonBlocking = Options(rawValue: O_NONBLOCK)
        /// `O_DIRECTORY`: fail unless the path is a directory.
        static let directory = Options(rawValue: O_DIRECTORY)
    }

    /// Opens `path` (`open`).
    /// - Parameter permissions: the mode of a file that ``Options/create`` creates.
    static func open(
        _ path: String, _ access: Access, _ options: Options = [], permissions: UInt32 = 0
    ) throws(SystemError) -> FileDescriptor {
        let descriptor = Glibc.open(path, access.flags | options.rawValue, permissions)
        guard descriptor >= 0 else { throw .lastCall }
        return FileDescriptor(rawValue: descriptor)
    }

    /// Closes the descriptor; its locks go with it.
    func close() {
        _ = Glibc.close(rawValue)
    }

    /// One `read` into the start of `buffer`: the number of bytes read, 0 at end of file.
    func read(into buffer: inout [UInt8]) throws(SystemError) -> Int {
        let count = buffer.withUnsafeMutableBytes { Glibc.read(rawValue, $0.baseAddress, $0.count) }
        guard count >= 0 else { throw .lastCall }
        return count
    }

    /// Every byte until end of file, or until at least `limit` bytes are read, one `read` at a
    /// time, retrying reads that a signal interrupted.
    func readToEnd(limit: Int) throws(SystemError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while bytes.count < limit {
            let count: Int
            do {
                count = try read(into: &chunk)
            } catch {
                if error == .interrupted { continue }
                throw error
            }
            if count == 0 { break }
            bytes += chunk[..<count]
        }
        return bytes
    }

    /// Writes every byte of `bytes`, retrying short writes and writes that a signal interrupted.
    func write(all bytes: UnsafeRawBufferPointer) throws(SystemError) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(rawValue, base + offset, bytes.count - offset)
            if written < 0 {
                let error = SystemError.lastCall
                if error == .interrupted { continue }
                throw error
            }
            offset += written
        }
    }

    /// Writes every byte of `bytes` (see ``write(all:)-(UnsafeRawBufferPointer)``).
    func write(all bytes: [UInt8]) throws(SystemError) {
        try bytes.withUnsafeBytes { buffer in Result { () throws(SystemError) in try write(all: buffer) } }.get()
    }

    /// Flushes what was written to the disk (`fsync`).
    func synchronize() throws(SystemError) {
        guard fsync(rawValue) == 0 else { throw .lastCall }
    }

    /// The status of the open file (`fstat`).
    func status() throws(SystemError) -> FileStatus {
        try FileStatus(of: self)
    }

    /// Whether the descriptor is a terminal (`isatty`).
    var isTerminal: Bool { isatty(rawValue) == 1 }

    /// Waits (`poll`) at most `milliseconds` for input to read (or end of file, or an error).
    /// - Returns: false when none came in time.
    func waitForInput(milliseconds: Int32) throws(SystemError) -> Bool {
        var request = pollfd(fd: rawValue, events: Int16(POLLIN), revents: 0)
        let ready = poll(&request, 1, milliseconds)
        guard ready >= 0 else { throw .lastCall }
        return ready > 0
    }

    /// The kinds of advisory lock on a whole file (`flock`).
    enum LockKind: Sendable {
        /// Many holders at once, and no exclusive one.
        case shared
        /// One holder only.
        case exclusive

        fileprivate var operation: Int32 {
            switch self {
            case .shared: LOCK_SH
            case .exclusive: LOCK_EX
            }
        }
    }

    /// Takes a `flock` on the file, waiting while another descriptor holds a conflicting one; a
    /// wait that a signal interrupts goes on. The lock belongs to this open file: another `open`
    /// of the same file (not a `dup`) competes for it.
    func lock(_ kind: LockKind) throws(SystemError) {
        while flock(rawValue, kind.operation) != 0 {
            let error = SystemError.lastCall
            if error != .interrupted { throw error }
        }
    }

    /// Takes a `flock` on the file if no other descriptor holds a conflicting one; else throws
    /// ``SystemError/wouldBlock`` at once.
    func tryLock(_ kind: LockKind) throws(SystemError) {
        guard flock(rawValue, kind.operation | LOCK_NB) == 0 else { throw .lastCall }
    }

    /// Lets go of this descriptor's `flock`.
    func unlock() {
        _ = flock(rawValue, LOCK_UN)
    }
}
