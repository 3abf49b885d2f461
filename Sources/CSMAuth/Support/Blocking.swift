import NIOPosix

/// Runs blocking work (libcurl, libsecret, file locks) on NIO's blocking-I/O thread pool,
/// so that it never occupies a thread of Swift's cooperative pool.
func runBlocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await NIOThreadPool.singleton.runIfActive(body)
}
