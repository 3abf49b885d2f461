import NIOConcurrencyHelpers
import NIOCore

/// The one-shot state shared by a ``LoopbackReceiver`` and its connections: the outcome of the
/// login, who waits for it, and the channels to close once it is known.
///
/// Only a callback that carries this login's `state` can decide it. With a code, the callback is
/// *received*: the waiters get the code while the browser's connection stays open until the
/// login knows its real outcome (after the code exchange), which ``respond(with:)`` shows. An
/// OAuth error with the right state is *answered* at once. A timeout or a stop claims and
/// finishes at once. Finishing closes every channel, so the listener stops however the login ends.
final class LoopbackSession: Sendable {
    typealias Outcome = Result<AuthorizationCallback, LoopbackReceiverError>

    enum Phase {
        /// No decisive callback yet.
        case waiting
        /// A decisive failure was claimed; its page is being written.
        case answering
        /// A callback with a code arrived; its connection waits for the login's outcome.
        case received(AuthorizationCallback, connection: any Channel)
        /// The outcome is known and the channels are closed or closing.
        case finished(Outcome)
    }

    /// The browser's start link: the nonce in its path, where it redirects, how often it still may.
    private struct StartLink {
        let nonce: [UInt8]
        let target: String
        var usesLeft: Int
    }

    private struct State {
        var phase = Phase.waiting
        var startLink: StartLink?
        var waiters: [CheckedContinuation<AuthorizationCallback, any Error>] = []
        var serverChannels: [any Channel] = []
        var connections: [ObjectIdentifier: any Channel] = [:]
    }

    private let state = NIOLockedValueBox(State())

    /// Where the session is, for tests.
    var phase: Phase { state.withLockedValue { $0.phase } }

    /// Claims the outcome for a decisive failure. Returns `false` when another callback, a timeout
    /// or a stop came first: the caller then answers "already finished" and changes nothing.
    func claim() -> Bool {
        state.withLockedValue { state in
            guard case .waiting = state.phase else { return false }
            state.phase = .answering
            return true
        }
    }

    /// Records a good callback: wakes the waiters with its code, stops accepting connections, and
    /// keeps `connection` open for ``respond(with:)``. Returns `false` when the login had already
    /// been decided.
    func receive(_ callback: AuthorizationCallback, connection: any Channel) -> Bool {
        let (accepted, waiters, listeners):
            (Bool, [CheckedContinuation<AuthorizationCallback, any Error>], [any Channel]) =
                state.withLockedValue { state in
                    guard case .waiting = state.phase else { return (false, [], []) }
                    state.phase = .received(callback, connection: connection)
                    defer { state.waiters = [] }
                    return (true, state.waiters, state.serverChannels)
                }
        for listener in listeners { listener.close(promise: nil) }
        for waiter in waiters { waiter.resume(returning: callback) }
        return accepted
    }

    /// Shows the login's outcome on the received callback's connection, then finishes. Does
    /// nothing unless a callback was received and not yet answered.
    /// - Returns: the connection being answered, whose close marks the page written.
    @discardableResult
    func respond(with page: CallbackPage) -> (any Channel)? {
        let received: (AuthorizationCallback, any Channel)? = state.withLockedValue { state in
            guard case .received(let callback, let connection) = state.phase else { return nil }
            return (callback, connection)
        }
        guard let (callback, connection) = received else { return nil }
        if connection.isActive {
            // The connection's handler writes the page on its event loop, then calls finish.
            connection.pipeline.fireUserInboundEventTriggered(LoopbackHTTPHandler.FinalAnswer(page: page))
        } else {
            finish(.success(callback))
        }
        return connection
    }

    /// Sets up the start link: `nonce` redirects to `target` at most `uses` times.
    func setStartLink(nonce: String, target: String, uses: Int) {
        state.withLockedValue { $0.startLink = StartLink(nonce: Array(nonce.utf8), target: target, usesLeft: uses) }
    }

    /// Where the start link with `nonce` redirects, counting one use; nil when `nonce` is not this
    /// login's (compared in constant time), its uses are spent, or the login is decided.
    func useStartLink(nonce: String) -> String? {
        state.withLockedValue { state in
            guard case .waiting = state.phase, var link = state.startLink, link.usesLeft > 0,
                constantTimeEquals(Array(nonce.utf8), link.nonce)
            else { return nil }
            link.usesLeft -= 1
            state.startLink = link
            return link.target
        }
    }

    /// Records the outcome (the first one wins), wakes the waiters and closes every channel.
    func finish(_ outcome: Outcome) {
        let (waiters, channels): ([CheckedContinuation<AuthorizationCallback, any Error>], [any Channel]) =
            state.withLockedValue { state in
                if case .finished = state.phase { return ([], []) }
                state.phase = .finished(outcome)
                defer { state.waiters = [] }
                return (state.waiters, state.serverChannels + Array(state.connections.values))
            }
        for channel in channels {
            channel.close(promise: nil)
        }
        for waiter in waiters {
            waiter.resume(with: outcome.mapError { $0 as any Error })
        }
    }

    /// Ends the login with `error` unless a callback has already decided it; a received callback
    /// still waiting for its page is told the login failed.
    func end(with error: LoopbackReceiverError) {
        if claim() {
            finish(.failure(error))
        } else {
            respond(with: .loginFailed)
        }
    }

    /// Waits for a received callback or the outcome (at once when it is already known).
    func outcome() async throws -> AuthorizationCallback {
        try await withCheckedThrowingContinuation { continuation in
            let known: Outcome? = state.withLockedValue { state in
                switch state.phase {
                case .received(let callback, _): return .success(callback)
                case .finished(let outcome): return outcome
                case .waiting, .answering:
                    state.waiters.append(continuation)
                    return nil
                }
            }
            if let known { continuation.resume(with: known.mapError { $0 as any Error }) }
        }
    }

    /// Adds a listening channel. Returns `false`, and closes it, when the session has finished.
    @discardableResult
    func register(serverChannel channel: any Channel) -> Bool {
        let accepted = state.withLockedValue { state in
            if case .finished = state.phase { return false }
            state.serverChannels.append(channel)
            return true
        }
        if !accepted { channel.close(promise: nil) }
        return accepted
    }

    /// Adds an accepted connection, so that finishing closes it (idle browser preconnects
    /// included). Returns `false`, and closes it, when the session has finished.
    @discardableResult
    func register(connection channel: any Channel) -> Bool {
        let id = ObjectIdentifier(channel)
        let accepted = state.withLockedValue { state in
            if case .finished = state.phase { return false }
            state.connections[id] = channel
            return true
        }
        if accepted {
            channel.closeFuture.whenComplete { [self] _ in
                _ = state.withLockedValue { $0.connections.removeValue(forKey: id) }
            }
        } else {
            channel.close(promise: nil)
        }
        return accepted
    }

    /// Closes the listening channels now, leaving accepted connections to finish their answers.
    func closeListeners() {
        let channels = state.withLockedValue { $0.serverChannels }
        for channel in channels {
            channel.close(promise: nil)
        }
    }

    /// Waits until every listening channel is closed.
    func listenersClosed() async {
        let channels = state.withLockedValue { $0.serverChannels }
        for channel in channels {
            try? await channel.closeFuture.get()
        }
    }
}
