import FoundationEssentials
import Logging
import NIOCore
import NIOHTTP1

/// Answers one HTTP request on one connection of the loopback listener, then closes it.
///
/// NIO's decoder parses the request; this handler routes it (``CallbackRoute``), lets the first
/// callback decide the login (``LoopbackSession``), and answers with a static ``CallbackPage``.
/// It also enforces the per-connection limits: a deadline for the whole request (a browser's
/// idle "preconnect" socket, or a client trickling bytes, is closed when it passes) and a
/// bound on the body, which is read and ignored.
final class LoopbackHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// The most body bytes read (and ignored) before answering 413.
    static let maximumBodyBytes = 64 * 1024

    private enum State {
        /// Nothing decoded yet.
        case awaitingHead
        /// The head is routed; the body (ignored) is being read up to its end.
        case receiving(CallbackRoute, isHEAD: Bool, bodyBytes: Int)
        /// A good callback is received; its page waits for the login's outcome (``FinalAnswer``).
        case awaitingOutcome(AuthorizationCallback)
        /// An answer is written; anything else the peer sends is ignored until the close.
        case answered
    }

    /// The login's outcome, sent through the pipeline to the connection of the received callback.
    struct FinalAnswer: Sendable {
        let page: CallbackPage
    }

    private var state = State.awaitingHead
    private var deadline: Scheduled<Void>?
    private let callbackPath: String
    private let expectedState: String
    private let session: LoopbackSession
    private let headLimit: RequestHeadLimitHandler
    private let requestReadTimeout: TimeAmount
    private let logger: Logger

    /// Creates the handler for one connection.
    /// - Parameters:
    ///   - callbackPath: the only path that can end the login.
    ///   - expectedState: the `state` this login sent.
    ///   - session: the login's shared outcome.
    ///   - headLimit: the connection's head limiter, told when the head is complete.
    ///   - requestReadTimeout: how long the whole request may take to arrive.
    ///   - logger: receives the method and path of each request (never the query) at debug level.
    init(
        callbackPath: String, expectedState: String, session: LoopbackSession, headLimit: RequestHeadLimitHandler,
        requestReadTimeout: TimeAmount, logger: Logger
    ) {
        self.callbackPath = callbackPath
        self.expectedState = expectedState
        self.session = session
        self.headLimit = headLimit
        self.requestReadTimeout = requestReadTimeout
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startDeadline(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        startDeadline(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        if case .awaitingOutcome(let callback) = state {
            // The browser gave up waiting for its page; the login goes on without it.
            state = .answered
            session.finish(.success(callback))
        }
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let final = event as? FinalAnswer, case .awaitingOutcome(let callback) = state else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        let session = self.session
        answer(final.page, isHEAD: false, context: context) { session.finish(.success(callback)) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            guard case .awaitingHead = state else { return }
            headLimit.headReceived = true
            logger.debug("loopback request \(head.method.rawValue) \(CallbackRoute.pathForLog(head.uri))")
            guard Self.size(of: head) <= headLimit.maximumBytes else {
                answer(.requestHeadTooLarge, isHEAD: head.method == .HEAD, context: context)
                return
            }
            let route = CallbackRoute(method: head.method.rawValue, target: head.uri, callbackPath: callbackPath)
            state = .receiving(route, isHEAD: head.method == .HEAD, bodyBytes: 0)
        case .body(let chunk):
            guard case .receiving(let route, let isHEAD, let bodyBytes) = state else { return }
            let total = bodyBytes + chunk.readableBytes
            guard total <= Self.maximumBodyBytes else {
                answer(.requestBodyTooLarge, isHEAD: isHEAD, context: context)
                return
            }
            state = .receiving(route, isHEAD: isHEAD, bodyBytes: total)
        case .end:
            guard case .receiving(let route, let isHEAD, _) = state else { return }
            respond(to: route, isHEAD: isHEAD, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is RequestHeadLimitHandler.RequestHeadTooLarge, case .awaitingHead = state {
            logger.debug("loopback request head larger than the limit: answering 431")
            answer(.requestHeadTooLarge, isHEAD: false, context: context)
            return
        }
        // A malformed request (NIO's HTTPServerProtocolErrorHandler has answered 400), or a socket error.
        if case .awaitingOutcome(let callback) = state { session.finish(.success(callback)) }
        state = .answered
        context.close(promise: nil)
    }

    private func respond(to route: CallbackRoute, isHEAD: Bool, context: ChannelHandlerContext) {
        switch route {
        case .notFound:
            answer(.notFound, isHEAD: isHEAD, context: context)
        case .methodNotAllowed:
            answer(.methodNotAllowed, isHEAD: isHEAD, extraHeaders: [("Allow", "GET")], context: context)
        case .start(let nonce):
            // The browser's start link: it keeps `state` out of the browser's argv, where every
            // user can read it. Only a process of this user gets here (LoopbackPeerCheck).
            guard let target = session.useStartLink(nonce: nonce) else {
                logger.debug("loopback start link refused: not this login's, used up, or the login is decided")
                answer(.startLinkUnavailable, isHEAD: isHEAD, context: context)
                return
            }
            logger.debug("loopback start link: redirecting the browser to the authorization URL")
            answer(.continueToLogin, isHEAD: isHEAD, extraHeaders: [("Location", target)], context: context)
        case .callback(let query):
            switch Self.outcome(of: query, expectedState: expectedState) {
            case .failure(let error) where error.code == .stateMismatch || query == nil:
                // Any web page can send this to localhost, and so can a stale tab: only a callback
                // that carries this login's state may decide it. Answer, and keep waiting.
                logger.warning(
                    "ignored a login callback that does not carry this login's state (an old tab, or another web page); still waiting"
                )
                answer(CallbackPage(for: error), isHEAD: isHEAD, context: context)
            case .failure(let error):
                // The right state with an OAuth error (consent denied, say): that ends the login.
                guard session.claim() else {
                    answer(.alreadyFinished, isHEAD: isHEAD, context: context)
                    return
                }
                logger.debug("loopback callback ended the login: \(error.code)")
                let session = self.session
                // Published once the page is written, so the browser gets its answer before the process goes away.
                answer(CallbackPage(for: error), isHEAD: isHEAD, context: context) { session.finish(.failure(error)) }
            case .success(let callback):
                // The first good callback wins; one that races in before the listener closes changes nothing.
                guard session.receive(callback, connection: context.channel) else {
                    answer(.alreadyFinished, isHEAD: isHEAD, context: context)
                    return
                }
                logger.debug("loopback callback received; its page waits for the code exchange")
                state = .awaitingOutcome(callback)
                deadline?.cancel()
                deadline = nil
            }
        }
    }

    /// The size of `head` as sent: request line and header lines with their line ends.
    static func size(of head: HTTPRequestHead) -> Int {
        let requestLine = head.method.rawValue.utf8.count + 1 + head.uri.utf8.count + " HTTP/1.1\r\n".utf8.count
        return head.headers.reduce(requestLine + 2) { total, header in
            total + header.name.utf8.count + 2 + header.value.utf8.count + 2
        }
    }

    private static func outcome(of query: [URLQueryItem]?, expectedState: String) -> LoopbackSession.Outcome {
        guard let query else { return .failure(.malformedCallback) }
        do {
            return .success(
                AuthorizationCallback(
                    code: try AuthorizationResponse.code(fromQuery: query, expectedState: expectedState)))
        } catch let error as LoopbackReceiverError {
            return .failure(error)
        } catch {
            return .failure(.malformedCallback)
        }
    }

    /// Writes `page` (headers only for HEAD), then closes the connection and runs `written`.
    private func answer(
        _ page: CallbackPage, isHEAD: Bool, extraHeaders: [(String, String)] = [], context: ChannelHandlerContext,
        written: (@Sendable () -> Void)? = nil
    ) {
        state = .answered
        deadline?.cancel()
        deadline = nil
        let body = page.body
        var headers = HTTPHeaders(CallbackPage.headers.map { ($0.name, $0.value) })
        headers.add(name: "Content-Length", value: String(body.count))
        headers.add(contentsOf: extraHeaders)
        let status = HTTPResponseStatus(statusCode: page.status.code, reasonPhrase: page.status.reason)
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        if !isHEAD {
            context.write(
                wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            channel.close(promise: nil)
            written?()
        }
    }

    private func startDeadline(context: ChannelHandlerContext) {
        guard deadline == nil, case .awaitingHead = state else { return }
        let timeout = requestReadTimeout
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            guard case .answered = state else {
                logger.debug("loopback connection sent no complete request in time: closing it")
                state = .answered
                context.close(promise: nil)
                return
            }
        }
    }
}
