import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Plays the person at the browser of a 3LO login against a sandbox started with
/// ``SandboxConfiguration/autoApprove``: it opens the authorization URL, which the sandbox
/// answers at once with the redirect that approves it, and follows that redirect to the login's
/// callback listener, as a browser would.
///
/// A login's interaction calls ``open(_:)`` where it would start a browser. In a synchronous
/// callback, such as `CSMAuth`'s `LoginInteraction.openBrowser(_:)`, start it in a task and
/// return at once, since the login starts listening for the callback only then:
///
/// ```swift
/// func openBrowser(_ url: URL) -> Bool {
///     Task { try await SandboxBrowser().open(url) }
///     return true
/// }
/// ```
///
/// It works with a sandbox in the test process and with the `csm-sandbox` executable alike. It
/// speaks plain HTTP/1.1 on loopback, which is all a sandbox and a login's listener serve.
public struct SandboxBrowser: Sendable {
    /// Why the authorization URL did not lead to the login's listener.
    public struct Error: Swift.Error, CustomStringConvertible, Sendable, Equatable {
        /// The kind of failure, to compare with the static members; new kinds may be added, so a
        /// `switch` over codes needs a `default`.
        public struct Code: Hashable, Sendable, CustomStringConvertible {
            fileprivate enum Base: String, Sendable {
                case notApproved, unsupportedURL, requestFailed
            }

            fileprivate let base: Base

            /// The sandbox answered without the approving redirect: it shows its consent page (it
            /// was started without ``SandboxConfiguration/autoApprove``) or its error page (an
            /// unknown client, a callback URL the client has not registered, a missing parameter).
            public static let notApproved = Code(base: .notApproved)
            /// The URL, or the redirect's, is not an `http` URL with a host.
            public static let unsupportedURL = Code(base: .unsupportedURL)
            /// No answer: the connection was refused or broke, or the answer did not come in time.
            public static let requestFailed = Code(base: .requestFailed)

            /// The code's name as written here, e.g. `notApproved`.
            public var description: String { base.rawValue }
        }

        /// The kind of failure.
        public let code: Code
        /// One line that says what went wrong and what to do, e.g. `the sandbox showed its consent
        /// page instead of approving: start it with autoApprove`.
        public let message: String

        /// Creates an error.
        /// - Parameters:
        ///   - code: The kind of failure.
        ///   - message: One line that says what went wrong and, where it helps, what to do.
        public init(code: Code, message: String) {
            self.code = code
            self.message = message
        }

        /// The ``message`` alone, so that printing the error prints the line a person can act on.
        public var description: String { message }
    }

    /// How long each of the two requests may take, connecting included.
    public var timeout: Duration

    /// Creates a browser.
    /// - Parameter timeout: How long each request may take; 10 seconds by default.
    public init(timeout: Duration = .seconds(10)) {
        self.timeout = timeout
    }

    /// Opens an authorization URL and follows the sandbox's approving redirect to the callback
    /// listener, the way a browser would after the person pressed Accept.
    ///
    /// Like a browser, it follows every redirect (at most five), so it also
    /// opens the loopback start link a login hands its browser (`http://localhost:PORT/start/…`),
    /// which redirects to the authorization URL.
    /// - Parameter authorizationURL: The URL the login asks to open: the sandbox's `/authorize`
    ///   with the login's parameters, or a link that redirects there.
    /// - Returns: The callback URL it followed last, with the `code` and `state` the login received.
    /// - Throws: ``Error`` with code ``Error/Code-swift.struct/notApproved`` when the sandbox did not
    ///   answer with a redirect, ``Error/Code-swift.struct/unsupportedURL`` for a URL that is not
    ///   `http`, ``Error/Code-swift.struct/requestFailed`` when a request got no answer or the
    ///   redirects did not end.
    @discardableResult
    public func open(_ authorizationURL: URL) async throws -> URL {
        var url = authorizationURL
        var redirected = false
        for _ in 0...Self.maximumRedirects {
            let answer = try await get(url)
            guard (300..<400).contains(answer.status), let location = answer.location,
                let next = URL(string: location, relativeTo: url)?.absoluteURL
            else {
                // The end of the chain: the login's callback page, unless the sandbox stopped it.
                guard redirected, !Self.isSandboxRefusal(answer) else {
                    throw Error(code: .notApproved, message: Self.notApprovedMessage(answer))
                }
                return url
            }
            redirected = true
            url = next
        }
        throw Error(
            code: .requestFailed, message: "more than \(Self.maximumRedirects) redirects from \(url.host() ?? "?")")
    }

    /// The most redirects ``open(_:)`` follows.
    private static let maximumRedirects = 5

    /// Whether `answer` is the sandbox's consent page or error page.
    private static func isSandboxRefusal(_ answer: Answer) -> Bool {
        answer.body.contains("name=\"decision\"") || answer.body.contains("<p id=\"error\"><code>")
    }

    /// The line that explains an answer without the approving redirect.
    private static func notApprovedMessage(_ answer: Answer) -> String {
        if answer.body.contains("name=\"decision\"") {
            return "the sandbox showed its consent page instead of approving: start it with autoApprove"
        }
        // The error page says `<code>ERROR</code>: <span id="error_description">WHY</span>`.
        if let start = answer.body.range(of: "<p id=\"error\"><code>"),
            let end = answer.body.range(of: "</span>", range: start.upperBound..<answer.body.endIndex)
        {
            let detail = answer.body[start.upperBound..<end.lowerBound]
                .replacingOccurrences(of: "</code>: <span id=\"error_description\">", with: ": ")
            return "the sandbox refused the authorization request (HTTP \(answer.status)): \(detail)"
        }
        return "the sandbox answered the authorization URL with HTTP \(answer.status), not a redirect"
    }

    /// What a GET was answered with: the status, the `Location` header, the start of the body.
    private struct Answer: Sendable {
        var status: Int
        var location: String?
        var body: String
    }

    /// A GET of `url` on a connection of its own, closed afterwards.
    private func get(_ url: URL) async throws -> Answer {
        guard url.scheme?.lowercased() == "http", let host = url.host(percentEncoded: false), !host.isEmpty,
            let components = URLComponents(url: url, resolvingAgainstBaseURL: true)
        else {
            throw Error(
                code: .unsupportedURL, message: "the sandbox browser opens http URLs only, not \(url.absoluteString)")
        }
        let port = url.port ?? 80
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        let target = components.percentEncodedQuery.map { "\(path)?\($0)" } ?? path
        let hostHeader = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        do {
            return try await withThrowingTaskGroup(of: Answer.self) { group in
                group.addTask {
                    try await Self.exchange(host: host, port: port, target: target, hostHeader: hostHeader)
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw Error(code: .requestFailed, message: "GET \(hostHeader) got no answer in time")
                }
                defer { group.cancelAll() }
                guard let answer = try await group.next() else { throw CancellationError() }
                return answer
            }
        } catch let error as Error {
            throw error
        } catch {
            throw Error(code: .requestFailed, message: "GET \(hostHeader) failed: \(error)")
        }
    }

    /// Sends one request on a new connection and reads the answer's head and up to 64 KiB of its body.
    private static func exchange(host: String, port: Int, target: String, hostHeader: String) async throws -> Answer {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: target)
            head.headers.add(name: "Host", value: hostHeader)
            head.headers.add(name: "Connection", value: "close")
            try await outbound.write(.head(head))
            try await outbound.write(.end(nil))
            var answer: Answer?
            var body: [UInt8] = []
            for try await part in inbound {
                switch part {
                case .head(let response):
                    answer = Answer(
                        status: Int(response.status.code), location: response.headers.first(name: "Location"), body: "")
                case .body(let buffer):
                    if body.count < 65536 { body += buffer.readableBytesView.prefix(65536 - body.count) }
                case .end:
                    guard var answer else { break }
                    answer.body = String(decoding: body, as: UTF8.self)
                    return answer
                }
            }
            throw Error(code: .requestFailed, message: "\(hostHeader) closed the connection before answering")
        }
    }
}
