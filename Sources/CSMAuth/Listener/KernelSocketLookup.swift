import CSocketDiag
import Glibc

/// Who owns a TCP socket of this network namespace, asked of the kernel by the socket's exact two
/// ends through netlink `sock_diag` (as `ss` asks), not read from a text table.
///
/// The kernel finds the one socket whose own local end and remote end are the ones given, or
/// answers that there is none: unlike `/proc/net/tcp`, which it writes a page at a time while
/// sockets come and go, it cannot skip a socket that exists. Any user may ask; a seccomp profile
/// or a sandboxed kernel may refuse netlink, and then the answer is ``Answer/unavailable(_:)``.
enum KernelSocketLookup {
    /// What the kernel said.
    enum Answer: Sendable, Equatable {
        /// The socket exists and belongs to the user with this id.
        case owner(UInt32)
        /// No such socket: it was closed (a `TIME_WAIT` remnant counts as closed), or never existed.
        case noSuchSocket
        /// The kernel could not be asked; the `errno` says why (e.g. `EPERM`, `EPROTONOSUPPORT`).
        case unavailable(SystemError)
    }

    /// The owner of the TCP socket whose local end is `local` and whose remote end is `remote`.
    ///
    /// For the login listener, `local` is the client's end (the connection's peer) and `remote`
    /// the address and port the listener accepted it on. Two IPv4 (mapped) ends are asked about
    /// as IPv4, anything else as IPv6. A few system calls, no waiting: fit for an event loop.
    static func owner(local: TCPSocketTable.Endpoint, remote: TCPSocketTable.Endpoint) -> Answer {
        let ipv4 = local.ipv4Bytes.flatMap { source in remote.ipv4Bytes.map { (source, $0) } }
        let family = ipv4 == nil ? AF_INET6 : AF_INET
        let source = ipv4?.0 ?? local.address
        let destination = ipv4?.1 ?? remote.address
        var uid: UInt32 = 0
        let result = csm_tcp_socket_owner(family, source, local.port, destination, remote.port, &uid)
        switch result {
        case 0: return .owner(uid)
        case -ENOENT: return .noSuchSocket
        default: return .unavailable(SystemError(code: -result))
        }
    }

    /// Whether the kernel answers lookups here: nil when it does, else why not. Asks about a
    /// socket that cannot exist (port 0 on both ends), which a working kernel says is not there.
    static func refusal() -> SystemError? {
        let nowhere = TCPSocketTable.Endpoint(ipv4: [127, 0, 0, 1], port: 0)
        switch owner(local: nowhere, remote: nowhere) {
        case .noSuchSocket, .owner: return nil
        case .unavailable(let error): return error
        }
    }
}
