import FoundationEssentials
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// The small HTTP server that receives the browser's OAuth redirect during a login.
///
/// Start it before showing the authorization URL, send ``redirectURI`` as the `redirect_uri`,
/// then call ``waitForCallback(timeout:)``:
///
/// ```swift
/// let receiver = try await LoopbackReceiver.start(
///     callbackURL: URL(string: "http://localhost:8976/callback")!, expectedState: state, logger: logger)
/// openBrowser(authorizationURL(redirectURI: receiver.redirectURI, state: state))
/// let callback = try await receiver.waitForCallback(timeout: .seconds(300))
/// ```
///
/// What it guarantees (see ARCHITECTURE.md, "Security rules"):
/// - It binds loopback addresses only, never a wildcard: `localhost` binds 127.0.0.1 and ::1
///   (where the machine has IPv6) on the same port, an IPv4 loopback literal binds that address,
///   `[::1]` binds ::1. Any other host is refused before anything is bound.
/// - Only a GET on the callback path (exact match) can end the login; other paths get 404 and
///   other methods 405, and the login keeps waiting (browsers ask for `/favicon.ico`).
/// - Only a request on the callback path with this login's `state` decides it. A wrong, missing
///   or repeated `state` (any web page can send one to localhost, and so can an old tab) gets an
///   error page and is otherwise ignored: the login keeps waiting. With the right `state`, an
///   OAuth `error` or a missing code fails the login at once; a code is handed to the caller while
///   the browser's page waits for ``respond(loggedIn:)``, so the page tells the real outcome of
///   the code exchange. A callback that races in after that gets "already finished".
/// - Only processes of this user are served (``LoopbackPeerCheck``: the kernel's exact socket
///   lookup, else Linux's socket tables): a connection from another user's process, or one whose
///   client socket the kernel no longer knows, is closed unanswered, and the login keeps waiting.
///   Where neither netlink nor the tables can be used, it says so once at info level and serves all.
/// - The browser gets ``startURL(redirectingTo:)``, a loopback link that redirects to the
///   authorization URL a bounded number of times, so `state` is in no command line.
/// - Request heads are limited in size, whole requests in reading time, bodies are ignored.
/// - Pages are constants with a strict Content-Security-Policy; request input is never echoed.
/// - Neither the code nor the state is logged: only the method and the path, at debug level.
final class LoopbackReceiver: Sendable {
    /// Limits on what one connection may send.
    struct Configuration: Sendable {
        /// The most bytes accepted before the request head (request line and headers) is complete;
        /// a larger head gets 431 and the login keeps waiting. Default: 16 KiB.
        var maximumRequestHeadBytes: Int
        /// How long one connection may take to send its whole request; then it is closed and the
        /// login keeps waiting. Browsers open "preconnect" sockets that never send anything:
        /// this is what closes them. Default: 10 seconds.
        var requestReadTimeout: Duration
        /// How many times the start link (``startURL(redirectingTo:)``) redirects; then it answers
        /// 410. A browser opens it once; a reload or a restored tab may ask again. Default: 3.
        var startLinkUses: Int
        /// Who may connect: only processes of this user, where the system can tell.
        var peerCheck: LoopbackPeerCheck

        /// Creates a configuration.
        /// - Parameters:
        ///   - maximumRequestHeadBytes: the largest request head accepted, in bytes.
        ///   - requestReadTimeout: the longest time one request may take to arrive.
        ///   - startLinkUses: how many times the start link redirects.
        ///   - peerCheck: decides whose connections are served; this user's by default.
        init(
            maximumRequestHeadBytes: Int = 16 * 1024, requestReadTimeout: Duration = .seconds(10),
            startLinkUses: Int = 3, peerCheck: LoopbackPeerCheck = LoopbackPeerCheck()
        ) {
            self.maximumRequestHeadBytes = maximumRequestHeadBytes
            self.requestReadTimeout = requestReadTimeout
            self.startLinkUses = startLinkUses
            self.peerCheck = peerCheck
        }
    }

    /// The port actually bound (differs from the URL's when the URL says port 0).
    let port: Int
    /// The redirect URI to send to the authorization server: the callback URL with the bound port.
    ///
    /// When the callback URL names a port other than 0 this is the URL exactly as given, since
    /// the authorization server compares it with the registered one character by character.
    let redirectURI: String
    /// The local addresses bound, for tests and messages, e.g. `["127.0.0.1:8976", "[::1]:8976"]`.
    let boundAddresses: [String]

    private let session: LoopbackSession
    private let startLinkUses: Int

    private init(
        port: Int, redirectURI: String, boundAddresses: [String], session: LoopbackSession, startLinkUses: Int
    ) {
        self.port = port
        self.redirectURI = redirectURI
        self.boundAddresses = boundAddresses
        self.session = session
        self.startLinkUses = startLinkUses
    }

    deinit {
        // A receiver dropped without a callback or stop() must not keep the port open.
        session.end(with: .cancelled)
        session.closeListeners()
    }

    /// Checks a callback URL the way ``start(callbackURL:expectedState:configuration:logger:)`` will,
    /// without binding anything, so callers can refuse bad input before any other work.
    /// - Throws: ``LoopbackReceiverError`` (`.unsupportedCallbackURL` or `.nonLoopbackHost`).
    static func validate(callbackURL: URL) throws {
        _ = try LoopbackCallbackURL(callbackURL)
    }

    /// Binds the callback URL's loopback host and port and starts answering, before the caller shows the URL.
    ///
    /// - Parameters:
    ///   - callbackURL: `http://` with a loopback host (`localhost`, `127.x.y.z` or `[::1]`), a port
    ///     (0 picks a free one) and a path, e.g. `http://localhost:8976/callback`.
    ///   - expectedState: the `state` sent in the authorization URL.
    ///   - configuration: size and time limits per connection.
    ///   - logger: receives debug lines with the method and path of each request, never the query.
    /// - Returns: the running receiver; it stops after the callback, a timeout, or ``stop()``.
    /// - Throws: ``LoopbackReceiverError`` `.unsupportedCallbackURL` or `.nonLoopbackHost` (usage
    ///   errors, nothing is bound), `.portInUse` or `.bindFailed`.
    static func start(
        callbackURL: URL, expectedState: String, configuration: Configuration = .init(), logger: Logger
    ) async throws -> LoopbackReceiver {
        let callback = try LoopbackCallbackURL(callbackURL)
        let session = LoopbackSession()
        let readTimeout = TimeAmount.nanoseconds(configuration.requestReadTimeout.wholeNanoseconds)
        let headBytes = configuration.maximumRequestHeadBytes
        let peerCheck = Self.usablePeerCheck(configuration.peerCheck, logger: logger)
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 32)
            // Lets a login start again at once while the last one's connections sit in TIME_WAIT.
            // On Linux it never lets two sockets listen on one address; SO_REUSEPORT would, and is not set.
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                // The owner is looked up here, on the event loop: a few netlink system calls
                // (or, without netlink, parsing only the table lines naming the two ports).
                let fromThisUser =
                    peerCheck.map { check in
                        Self.isFromThisUser(
                            peer: channel.remoteAddress, local: channel.localAddress, check: check, logger: logger)
                    } ?? true
                guard fromThisUser, session.register(connection: channel) else {
                    channel.close(promise: nil)
                    return channel.eventLoop.makeSucceededVoidFuture()
                }
                return Self.serve(
                    channel, callback: callback, expectedState: expectedState, session: session,
                    headBytes: headBytes, readTimeout: readTimeout, logger: logger)
            }

        let channels = try await bind(callback, bootstrap: bootstrap, logger: logger)
        for channel in channels {
            session.register(serverChannel: channel)
        }
        let port = channels.first?.localAddress?.port ?? callback.port
        let addresses = channels.compactMap { $0.localAddress.map(Self.describe) }
        logger.debug("loopback listener on \(addresses.joined(separator: ", ")) for path \(callback.path)")
        return LoopbackReceiver(
            port: port, redirectURI: callback.redirectURI(boundPort: port), boundAddresses: addresses, session: session,
            startLinkUses: configuration.startLinkUses)
    }

    /// Sets up `channel`'s pipeline: a bounded request head, HTTP/1.1 without pipelining, and the
    /// handler that answers the callback, the start link and anything else.
    private static func serve(
        _ channel: any Channel, callback: LoopbackCallbackURL, expectedState: String, session: LoopbackSession,
        headBytes: Int, readTimeout: TimeAmount, logger: Logger
    ) -> EventLoopFuture<Void> {
        channel.eventLoop.makeCompletedFuture {
            let headLimit = RequestHeadLimitHandler(maximumBytes: headBytes)
            let operations = channel.pipeline.syncOperations
            try operations.addHandler(headLimit)
            // No pipelining assistance: each connection gets one answer and is closed.
            try operations.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: true)
            try operations.addHandler(
                LoopbackHTTPHandler(
                    callbackPath: callback.path, expectedState: expectedState, session: session,
                    headLimit: headLimit, requestReadTimeout: readTimeout, logger: logger))
        }
    }

    /// `check` when it can run here, saying once where its answers come from; nil (and an info
    /// line) when it cannot, so every connection is served.
    private static func usablePeerCheck(_ check: LoopbackPeerCheck, logger: Logger) -> LoopbackPeerCheck? {
        switch check.source {
        case .kernel:
            logger.debug("the login listener checks who connects with \(LoopbackPeerCheck.Source.kernel)")
            return check
        case .tables:
            if check.asksTheKernel {
                logger.info(
                    "netlink sock_diag is refused here: checking who connects to the login listener in \(check.tablePaths.joined(separator: " and ")), which can miss a socket"
                )
            }
            return check
        case nil:
            logger.info(
                "cannot tell which user a connection to the login listener comes from (no netlink sock_diag, no \(check.tablePaths.joined(separator: " or "))): accepting connections from any local user"
            )
            return nil
        }
    }

    /// Whether the connection from `peer` may be served: false when the kernel or the socket
    /// tables name another user as its owner, or the kernel knows no client socket for it (see
    /// ``LoopbackPeerCheck``). A refused connection is closed unanswered: whoever made it learns
    /// nothing, and the login keeps waiting.
    private static func isFromThisUser(
        peer: SocketAddress?, local: SocketAddress?, check: LoopbackPeerCheck, logger: Logger
    ) -> Bool {
        guard let peer, let local else { return false }
        switch check.verdict(peer: peer, listener: local) {
        case .sameUser:
            return true
        case .unavailable:
            logger.info("cannot tell who made a connection to the login listener (no socket table lists it): served")
            return true
        case .otherUser(let owner, let source):
            logger.info("refused a connection to the login listener from another user (uid \(owner)), per \(source)")
            return false
        case .clientGone:
            logger.info(
                "refused a connection to the login listener whose client socket is already closed (netlink sock_diag)")
            return false
        case .unknownPeer:
            logger.info("cannot find the socket of a connection to the login listener in the socket tables: served")
            return true
        }
    }

    /// A loopback URL for the browser that redirects to `authorizationURL`, so that the
    /// authorization URL and its `state` never appear in the browser's command line, which every
    /// local user can read (`/proc/PID/cmdline`).
    ///
    /// The link is `http://HOST:PORT/start/NONCE` on this listener (the callback URL's host), with
    /// a fresh unguessable nonce; it redirects (303) at most ``Configuration/startLinkUses``
    /// times, only to processes of this user, and only while the login waits. Calling this again
    /// replaces the link.
    func startURL(redirectingTo authorizationURL: URL) -> URL {
        let nonce = RandomToken.make()
        session.setStartLink(nonce: nonce, target: authorizationURL.absoluteString, uses: startLinkUses)
        var components = URLComponents(string: redirectURI) ?? URLComponents()
        components.percentEncodedPath = CallbackRoute.startPrefix + nonce
        components.percentEncodedQuery = nil
        components.fragment = nil
        return components.url ?? authorizationURL
    }

    /// Waits for the one good callback (or a failing one with this login's state), then stops listening.
    ///
    /// A callback that arrived before this call is returned at once. When this returns or throws,
    /// the listener is closed: later connections are refused. After a good callback, the browser
    /// still waits for its page: call ``respond(loggedIn:)`` once the code is exchanged (a
    /// receiver that is stopped or released without it shows "login failed").
    ///
    /// - Parameter timeout: how long to wait for the callback.
    /// - Returns: the authorization code.
    /// - Throws: ``LoopbackReceiverError`` `.accessDenied`, `.authorizationFailed` or `.missingCode`
    ///   from a callback with this login's state; `.timedOut` after `timeout`;
    ///   `.cancelled` after ``stop()`` or when the waiting task is cancelled.
    func waitForCallback(timeout: Duration) async throws -> AuthorizationCallback {
        let session = self.session
        let expiry = LoopbackReceiverError.timedOut(after: timeout, callbackURL: redirectURI)
        let timer = Task {
            do { try await Task.sleep(for: timeout) } catch { return }
            session.end(with: expiry)
        }
        defer { timer.cancel() }
        let outcome: Result<AuthorizationCallback, any Error>
        do {
            outcome = .success(
                try await withTaskCancellationHandler {
                    try await session.outcome()
                } onCancel: {
                    session.end(with: .cancelled)
                })
        } catch {
            outcome = .failure(error)
        }
        await session.listenersClosed()
        return try outcome.get()
    }

    /// Shows the browser whether the login succeeded, after the code exchange, and closes its connection.
    /// Does nothing unless ``waitForCallback(timeout:)`` returned a callback that was not answered yet.
    func respond(loggedIn: Bool) async {
        if let connection = session.respond(with: loggedIn ? .success : .loginFailed) {
            try? await connection.closeFuture.get()
        }
    }

    /// Stops listening (idempotent); ``waitForCallback(timeout:)`` then throws `.cancelled`,
    /// unless a callback was already being answered.
    func stop() async {
        session.end(with: .cancelled)
        session.closeListeners()
        await session.listenersClosed()
    }

    // MARK: Binding

    /// Why one address could not be bound.
    private struct BindFailure: Error {
        let address: String
        let port: Int
        let errno: Int32?
        let reason: String

        /// The machine has no such address or address family (typically: no IPv6 loopback).
        var addressUnavailable: Bool { errno == EADDRNOTAVAIL || errno == EAFNOSUPPORT }
        var portInUse: Bool { errno == EADDRINUSE }

        var error: LoopbackReceiverError {
            let host = address.contains(":") ? "[\(address)]" : address
            return portInUse ? .portInUse(port: port, host: host) : .bindFailed(port: port, host: host, reason: reason)
        }
    }

    /// Binds the addresses `callback` stands for, all on one port.
    private static func bind(
        _ callback: LoopbackCallbackURL, bootstrap: ServerBootstrap, logger: Logger
    ) async throws -> [any Channel] {
        switch callback.addresses {
        case .ipv4(let address):
            return [try await bindOne(bootstrap, address: address, port: callback.port).mapError(\.error).get()]
        case .ipv6Loopback:
            return [try await bindOne(bootstrap, address: "::1", port: callback.port).mapError(\.error).get()]
        case .localhost:
            // Port 0: the port the system gives 127.0.0.1 may be taken on ::1; then try another.
            let attempts = callback.port == 0 ? 5 : 1
            for attempt in 1...attempts {
                let ipv4 = try await bindOne(bootstrap, address: "127.0.0.1", port: callback.port).mapError(\.error)
                    .get()
                let port = ipv4.localAddress?.port ?? callback.port
                switch await bindOne(bootstrap, address: "::1", port: port) {
                case .success(let ipv6):
                    return [ipv4, ipv6]
                case .failure(let failure) where failure.addressUnavailable:
                    logger.debug("no IPv6 loopback on this machine (\(failure.reason)): listening on 127.0.0.1 only")
                    return [ipv4]
                case .failure(let failure):
                    try? await ipv4.close()
                    if failure.portInUse, attempt < attempts { continue }
                    // A browser may resolve localhost to ::1: whatever listens there would get the code.
                    throw failure.error
                }
            }
            throw LoopbackReceiverError.bindFailed(port: callback.port, host: "localhost", reason: "no free port")
        }
    }

    private static func bindOne(
        _ bootstrap: ServerBootstrap, address: String, port: Int
    ) async -> Result<any Channel, BindFailure> {
        do {
            let socketAddress = try SocketAddress(ipAddress: address, port: port)
            return .success(try await bootstrap.bind(to: socketAddress).get())
        } catch let error as IOError {
            // errno's own words ("Address already in use") read better than NIO's call-site description.
            return .failure(
                BindFailure(
                    address: address, port: port, errno: error.errnoCode,
                    reason: SystemError(code: error.errnoCode).message))
        } catch {
            return .failure(BindFailure(address: address, port: port, errno: nil, reason: "\(error)"))
        }
    }

    /// `127.0.0.1:8976` or `[::1]:8976`.
    private static func describe(_ address: SocketAddress) -> String {
        let ip = address.ipAddress ?? "?"
        let port = address.port ?? 0
        return address.protocol == .inet6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }

}
