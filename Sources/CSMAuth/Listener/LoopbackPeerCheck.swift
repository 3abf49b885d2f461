import NIOCore

/// Whether a connection to the loopback listener comes from a process of this user.
///
/// Any local user can connect to a loopback port. A login's `state` is not secret from them
/// (it used to sit in the browser's argv, which every user can read in `/proc/PID/cmdline`), so
/// another user could send the listener a code for *their* account and log this user in as
/// them. The listener therefore looks up who owns the client's end of each connection: the
/// socket whose local end is the connection's peer and whose remote end is the listener's
/// address must belong to this process's effective user id.
///
/// The kernel is asked first, by the connection's exact four-tuple (``KernelSocketLookup``,
/// netlink `sock_diag`): its answer is exact, so a client socket it does not know (closed
/// already) is refused too. Where netlink is refused (a seccomp profile, a sandboxed kernel),
/// `/proc/net/tcp` and `/proc/net/tcp6` are read instead, as identd does; a table can miss a
/// socket on a busy machine, so there a socket not found is served.
struct LoopbackPeerCheck: Sendable {
    /// Where the owner of a connection was found.
    enum Source: Sendable, Equatable, CustomStringConvertible {
        /// The kernel's exact lookup, netlink `sock_diag`.
        case kernel
        /// Linux's socket tables, `/proc/net/tcp{,6}`.
        case tables

        var description: String {
            switch self {
            case .kernel: "netlink sock_diag"
            case .tables: "/proc/net/tcp"
            }
        }
    }

    /// Who is on the other end of a connection.
    enum Verdict: Sendable, Equatable {
        /// A process of this user, as `Source` says: serve it.
        case sameUser(Source)
        /// A process of the user with this id, as `Source` says: close the connection unanswered.
        case otherUser(UInt32, Source)
        /// The kernel knows no socket at the connection's other end: the client closed it
        /// already, so nobody waits for an answer. Closed unanswered.
        case clientGone
        /// No socket in the tables matches (the client is gone, the address is not TCP, or the
        /// kernel's table skipped it while sockets came and went): served, and logged, since
        /// refusing would fail this user's own browser on a busy machine.
        case unknownPeer
        /// Neither the kernel nor any table can tell (no netlink and no `/proc`, or tables that do
        /// not list the listener's own sockets): the check cannot run.
        case unavailable
    }

    /// Linux's tables of TCP sockets, IPv4 then IPv6.
    static let procTables = ["/proc/net/tcp", "/proc/net/tcp6"]

    /// The tables read, in order, when the kernel cannot be asked.
    let tablePaths: [String]
    /// The user whose processes are served.
    let userID: UInt32
    /// Whether the kernel is asked first (netlink `sock_diag`); false reads only the tables.
    let asksTheKernel: Bool
    /// Asks the kernel who owns the socket with a local and a remote end.
    typealias KernelLookup = @Sendable (TCPSocketTable.Endpoint, TCPSocketTable.Endpoint) -> KernelSocketLookup.Answer

    /// How the kernel is asked: ``KernelSocketLookup/owner(local:remote:)``.
    let kernelLookup: KernelLookup

    /// - Parameters:
    ///   - tablePaths: the socket tables to read when the kernel cannot be asked; Linux's by default.
    ///   - userID: the user to serve; this process's effective user by default, the owner of
    ///     the sockets it creates.
    ///   - asksTheKernel: whether to ask the kernel first; true by default.
    ///   - kernelLookup: how the kernel is asked; ``KernelSocketLookup/owner(local:remote:)`` by
    ///     default (tests pass a kernel that answers otherwise).
    init(
        tablePaths: [String] = procTables, userID: UInt32 = CurrentProcess.effectiveUserID,
        asksTheKernel: Bool = true,
        kernelLookup: @escaping KernelLookup = { KernelSocketLookup.owner(local: $0, remote: $1) }
    ) {
        self.tablePaths = tablePaths
        self.userID = userID
        self.asksTheKernel = asksTheKernel
        self.kernelLookup = kernelLookup
    }

    /// Where verdicts will come from on this machine: the kernel when it answers lookups, else
    /// the tables when one can be read; nil when the check cannot run at all.
    var source: Source? {
        if asksTheKernel, KernelSocketLookup.refusal() == nil { return .kernel }
        return tablePaths.contains { WholeRead.text($0) != nil } ? .tables : nil
    }

    /// How many times the tables are read before a socket counts as not there. The kernel
    /// writes them a page per `read`, finding its place again in its hash tables each time: on a
    /// machine where sockets come and go, one reading can skip an entry.
    static let readings = 4

    /// Who owns the client's end of the connection from `peer` accepted on `listener`: the
    /// kernel's exact answer, or the tables' when the kernel cannot be asked.
    func verdict(peer: SocketAddress, listener: SocketAddress) -> Verdict {
        guard let client = Self.endpoint(peer), let server = Self.endpoint(listener) else { return .unknownPeer }
        if asksTheKernel {
            switch kernelLookup(client, server) {
            case .owner(let owner): return owner == userID ? .sameUser(.kernel) : .otherUser(owner, .kernel)
            case .noSuchSocket where findsTheListener(server): return .clientGone
            case .noSuchSocket, .unavailable: break
            }
        }
        return tablesVerdict(client: client, server: server)
    }

    /// Whether the kernel finds the listening socket at `server`, which exists while its
    /// connections are checked. A kernel without TCP's `sock_diag` handler (`tcp_diag` not
    /// loaded and not loadable, as with `kernel.modules_disabled`) says "no such socket" to
    /// every lookup: its answer about a client then means nothing, and the tables decide.
    private func findsTheListener(_ server: TCPSocketTable.Endpoint) -> Bool {
        let anywhere =
            server.ipv4Bytes == nil
            ? TCPSocketTable.Endpoint(ipv6: Array(repeating: 0, count: 16), port: 0)
            : TCPSocketTable.Endpoint(ipv4: [0, 0, 0, 0], port: 0)
        if case .owner = kernelLookup(server, anywhere) { return true }
        return false
    }

    /// The owner of `client`'s socket connected to `server`, as the tables list it.
    private func tablesVerdict(client: TCPSocketTable.Endpoint, server: TCPSocketTable.Endpoint) -> Verdict {
        var readAny = false
        var listsTheListener = false
        for _ in 1...Self.readings {
            for path in tablePaths {
                guard let text = WholeRead.text(path) else { continue }
                readAny = true
                let table = TCPSocketTable(parsing: text, mentioningPorts: [client.port, server.port])
                if let owner = table.owner(local: client, remote: server) {
                    return owner == userID ? .sameUser(.tables) : .otherUser(owner, .tables)
                }
                listsTheListener = listsTheListener || table.sockets.contains { $0.local == server }
            }
            if !readAny { return .unavailable }
        }
        // Tables that do not even show the listener's own sockets describe another network
        // (a sandboxed kernel, another namespace's /proc): they cannot tell who is connecting.
        return listsTheListener ? .unknownPeer : .unavailable
    }

    /// The address and port of an IPv4 or IPv6 socket address; nil for any other kind.
    static func endpoint(_ address: SocketAddress) -> TCPSocketTable.Endpoint? {
        guard let port = address.port, let port = UInt16(exactly: port) else { return nil }
        // The raw sockaddr: sin_addr sits at byte 4 of a sockaddr_in, sin6_addr at byte 8 of a sockaddr_in6.
        switch address.protocol {
        case .inet:
            return address.withSockAddr { pointer, length in
                guard length >= 8 else { return nil }
                let raw = UnsafeRawBufferPointer(start: UnsafeRawPointer(pointer), count: length)
                return TCPSocketTable.Endpoint(ipv4: Array(raw[4..<8]), port: port)
            }
        case .inet6:
            return address.withSockAddr { pointer, length in
                guard length >= 24 else { return nil }
                let raw = UnsafeRawBufferPointer(start: UnsafeRawPointer(pointer), count: length)
                return TCPSocketTable.Endpoint(ipv6: Array(raw[8..<24]), port: port)
            }
        default:
            return nil
        }
    }
}
