import CCurl
import FoundationEssentials
import NIOConcurrencyHelpers

/// Idle libcurl easy handles. A handle keeps its connection cache across `ccurl_easy_reset`,
/// which is what makes keep-alive reuse work; each handle serves one request at a time.
final class CurlHandlePool: @unchecked Sendable {
    private static let globalInit: CURLcode = ccurl_global_init(Int(CURL_GLOBAL_DEFAULT))
    private let lock = NIOLock()
    private var idle: [UnsafeMutableRawPointer] = []
    private let maximumIdle = 8

    func withHandle<T>(_ body: (UnsafeMutableRawPointer) throws -> T) throws -> T {
        if let failure = ccurl_load() {
            throw HTTPTransportError(.missingLibrary, host: "", detail: String(cString: failure))
        }
        _ = Self.globalInit
        let handle: UnsafeMutableRawPointer
        if let reused = lock.withLock({ idle.popLast() }) {
            handle = reused
        } else if let created = ccurl_easy_init() {
            handle = created
        } else {
            throw HTTPTransportError(.other, host: "", detail: "libcurl could not create a handle")
        }
        defer {
            let kept = lock.withLock { () -> Bool in
                guard idle.count < maximumIdle else { return false }
                idle.append(handle)
                return true
            }
            if !kept { ccurl_easy_cleanup(handle) }
        }
        ccurl_easy_reset(handle)
        return try body(handle)
    }

    deinit {
        for handle in idle { ccurl_easy_cleanup(handle) }
    }
}
