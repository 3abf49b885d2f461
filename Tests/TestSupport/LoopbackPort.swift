import Foundation

/// A loopback port that nothing listens on: bound, read, and closed again.
///
/// Picked below Linux's ephemeral range (32768–60999) on purpose: tests that bind port 0 get
/// ephemeral ports, so a port from here cannot be taken by them between this call and its use.
///
/// A port is handed out once per test process: tests run in parallel, and two of them drawing
/// the same free port (likely among hundreds of draws) would race for it.
public func freeLoopbackPort() throws -> Int {
    for _ in 0..<100 {
        let candidate = Int.random(in: 20000..<32000)
        guard HandedOutPorts.shared.claim(candidate) else { continue }
        if portIsFree(candidate) { return candidate }
    }
    throw CocoaError(.featureUnsupported)
}

/// The ports ``freeLoopbackPort()`` has returned in this process.
final class HandedOutPorts: @unchecked Sendable {
    static let shared = HandedOutPorts()
    private let lock = NSLock()
    private var ports: Set<Int> = []

    /// Records `port`; false when it was handed out before.
    func claim(_ port: Int) -> Bool {
        lock.withLock { ports.insert(port).inserted }
    }
}

/// Whether 127.0.0.1:`port` can be bound now.
func portIsFree(_ port: Int) -> Bool {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    let length = socklen_t(MemoryLayout<sockaddr_in>.size)
    return withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 }
    }
}
