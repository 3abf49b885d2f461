import FuzzSupport
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1

@testable import CSMAuth

// Feeds raw bytes to the loopback listener's pipeline, as a browser (or anything else that can
// reach the port) would send them, and checks what comes back.

/// The `state` the login under test sent.
private let expectedState = "fuzz-state-6Tq2"
/// The listener's callback path.
private let callbackPath = "/callback"
/// Bytes per inbound read: NIO's adaptive allocator starts reading sockets 2048 bytes at a time,
/// so longer requests arrive in pieces and the head limit's counting is exercised.
private let readSize = 2048
private let quietLogger = Logger(label: "fuzz") { _ in SwiftLogNoOpLogHandler() }

/// Every answer the listener may write: the static pages, and NIO's own 400 for unparsable requests.
private let allowedAnswers: Set<[UInt8]> = {
    var answers: Set<[UInt8]> = []
    for page in CallbackPage.allCases {
        var head = "HTTP/1.1 \(page.status.code) \(page.status.reason)\r\n"
        for header in CallbackPage.headers { head += "\(header.name): \(header.value)\r\n" }
        head += "Content-Length: \(page.body.count)\r\n"
        if page == .methodNotAllowed { head += "Allow: GET\r\n" }
        head += "\r\n"
        answers.insert(Array(head.utf8))
        answers.insert(Array(head.utf8) + page.body)
    }
    return answers
}()

/// NIO's answer to a request it cannot parse.
private let badRequest = Array("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".utf8)

/// Whether `written` is nothing, or one static page or NIO's 400, then only NIO's 400s.
///
/// The trailing 400s are the embedded channel's doing: its writes complete at once, so NIO's decoder
/// goes on parsing the bytes after an answered request (and again at the close) and its error
/// handler answers each parse error. On a socket the connection is closed first: replaying such
/// inputs against the real listener gave one answer each.
private func isAllowed(_ written: [UInt8]) -> Bool {
    var rest = written[...]
    // The longest match: a HEAD answer is the start of the GET answer of the same page.
    if let page = allowedAnswers.filter({ written.starts(with: $0) }).max(by: { $0.count < $1.count }) {
        rest = rest.dropFirst(page.count)
    }
    while rest.starts(with: badRequest) { rest = rest.dropFirst(badRequest.count) }
    return rest.isEmpty
}

/// Records the request heads NIO decoded, to check the verdict against.
private final class HeadRecorder: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    var targets: [String] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data) { targets.append(head.uri) }
        context.fireChannelRead(data)
    }
}

/// Builds one connection's pipeline the way `LoopbackReceiver.start` does, on an embedded channel.
///
/// Keep every use of the listener's handler API in here, so an API change touches one place.
private func makeListenerChannel(session: LoopbackSession, recorder: HeadRecorder) throws -> EmbeddedChannel {
    let channel = EmbeddedChannel()
    let headLimit = RequestHeadLimitHandler(maximumBytes: LoopbackReceiver.Configuration().maximumRequestHeadBytes)
    let operations = channel.pipeline.syncOperations
    try operations.addHandler(headLimit)
    try operations.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: true)
    try operations.addHandler(recorder)
    try operations.addHandler(
        LoopbackHTTPHandler(
            callbackPath: callbackPath, expectedState: expectedState, session: session, headLimit: headLimit,
            requestReadTimeout: .seconds(10), logger: quietLogger))
    // Active like an accepted socket, so the read deadline is armed.
    try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 49152)).wait()
    return channel
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = FuzzInput.bytes(start, count)
    let session = LoopbackSession()
    let recorder = HeadRecorder()
    guard let channel = try? makeListenerChannel(session: session, recorder: recorder) else {
        invariant(false, "the pipeline could not be built")
        return 0
    }
    var offset = 0
    while offset < bytes.count, channel.isActive {
        let end = min(offset + readSize, bytes.count)
        // Errors reaching the pipeline's tail (a malformed request) are thrown here; the answer is checked below.
        _ = try? channel.writeInbound(channel.allocator.buffer(bytes: bytes[offset..<end]))
        offset = end
    }
    // A good callback waits for the login's outcome (the code exchange); report success, as
    // the login would, so that its page is written.
    if case .received = session.phase {
        session.respond(with: .success)
        channel.embeddedEventLoop.run()
    }
    // Let the read deadline pass: it must close an unanswered connection without writing anything.
    channel.embeddedEventLoop.advanceTime(by: .seconds(11))

    var written: [UInt8] = []
    while let part = try? channel.readOutbound(as: ByteBuffer.self) {
        written += part.readableBytesView
    }
    invariant(isAllowed(written), "unexpected answer: \(String(decoding: written, as: UTF8.self))")

    if case .finished(.success(let callback)) = session.phase {
        // The page waits for the login's outcome; if the same connection sends bytes NIO cannot
        // parse meanwhile, NIO answers 400 and closes it, and the login goes on without a page.
        invariant(
            written.starts(with: Array("HTTP/1.1 200 ".utf8))
                || (written.starts(with: Array("HTTP/1.1 400 ".utf8)) && recorder.targets.count >= 1),
            "a successful login answered neither 200 nor NIO's 400 for later garbage")
        let target = recorder.targets.first ?? ""
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        invariant(parts.first == Substring(callbackPath), "a login succeeded on another path: \(target)")
        invariant(
            parts.count == 2
                && QueryOracle.allowsSuccess(
                    query: parts[1], expectedState: expectedState, code: callback.code.reveal()),
            "a login succeeded without the right state and one code: \(target)")
    } else {
        invariant(!written.starts(with: Array("HTTP/1.1 200 ".utf8)), "answered 200 but the login did not succeed")
    }
    _ = try? channel.finish(acceptAlreadyClosed: true)
    return 0
}
