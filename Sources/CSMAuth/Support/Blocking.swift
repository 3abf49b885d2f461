import NIOConcurrencyHelpers

/// Runs blocking work (libsecret, files) on a thread of ``BlockingWorkers`` (an idle one, or a new
/// one when none is idle), so that it never occupies a thread of Swift's cooperative pool.
func runBlocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await DetachedThread.run(body)
}

/// Runs blocking work as ``runBlocking(_:)`` does and returns its result, or throws `timeoutError()`
/// once `timeout` has passed; the work itself cannot be stopped and finishes in the background.
func withDeadline<T: Sendable>(
    _ timeout: Duration, _ body: @escaping @Sendable () throws -> T, timeoutError: @escaping @Sendable () -> any Error
) async throws -> T {
    let first = NIOLockedValueBox(false)
    return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        @Sendable func resume(_ result: Result<T, any Error>) {
            let isFirst = first.withLockedValue { taken in
                defer { taken = true }
                return !taken
            }
            if isFirst { continuation.resume(with: result) }
        }
        let timer = Task {
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            resume(.failure(timeoutError()))
        }
        Task {
            do { resume(.success(try await runBlocking(body))) } catch { resume(.failure(error)) }
            timer.cancel()
        }
    }
}
