import NIOConcurrencyHelpers
import NIOCore

/// The one-shot state shared by a ``LoopbackReceiver`` and its connections: the outcome of the
/// login, who waits for it, and the channels to close once it is known.
///
/// The first request on the callback path *claims* the outcome (later ones get "already
/// finished"); the outcome is *finished* once that request's page is written, so the browser
/// gets its answer before the listener closes. A timeout or a stop claims and finishes at once.
/// Finishing closes every channel, so the listener stops however the login ends.
final class LoopbackSession: Sendable {
    typealias Outcome = Result<AuthorizationCallback, LoopbackReceiverError>

    enum Phase {
        /// No callback yet.
        case waiting
        /// A callback was decided; its page is being written.
        case answering
        /// The outcome is known and the channels are closed or closing.
        case finished(Outcome)
    }

    private struct State {
        var phase = Phase.waiting
        var waiters: [CheckedContinuation<AuthorizationCallback, any Error>] = []
        var serverChannels: [any Channel] = []
        var connections: [ObjectIdentifier: any Channel] = [:]
    }

    private let state = NIOLockedValueBox(State())

    /// Where the session is, for tests.
    var phase: Phase { state.withLockedValue { $0.phase } }

    /// Claims the outcome for a callback. Returns `false` when another callback, a timeout or a
    /// stop came first: the caller then answers "already finished" and changes nothing.
    func claim() -> Bool {
        state.withLockedValue { state in
            guard case .waiting = state.phase else { return false }
            state.phase = .answering
            return true
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

    /// Ends the login with `error` unless a callback has already claimed it.
    func end(with error: LoopbackReceiverError) {
        if claim() { finish(.failure(error)) }
    }

    /// Waits for the outcome (at once when it is already known).
    func outcome() async throws -> AuthorizationCallback {
        try await withCheckedThrowingContinuation { continuation in
            let finished: Outcome? = state.withLockedValue { state in
                if case .finished(let outcome) = state.phase { return outcome }
                state.waiters.append(continuation)
                return nil
            }
            if let finished { continuation.resume(with: finished.mapError { $0 as any Error }) }
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
