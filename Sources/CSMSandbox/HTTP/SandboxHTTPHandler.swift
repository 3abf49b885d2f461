import Foundation
import NIOCore
import NIOHTTP1

/// Collects one HTTP request (head and body) from NIO's HTTP/1 decoder, hands it to the state
/// machine, and writes the answer back.
///
/// The HTTP parsing is NIO's; this handler only assembles parts, enforces the body size limit
/// (413, then the connection closes) and applies the "slow answers" delay.
final class SandboxHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Where the handler is in the current request.
    private enum State {
        /// Between requests.
        case idle
        /// Head seen, body being collected.
        case receiving(HTTPRequestHead, ByteBuffer)
        /// The body was too large: the 413 is sent, the rest is ignored until the connection closes.
        case rejected
    }

    private var state = State.idle
    private let maximumBodySize: Int
    private let respond: @Sendable (SandboxRequest) -> SandboxResponse

    /// Creates a handler.
    /// - Parameters:
    ///   - maximumBodySize: the largest body accepted, in bytes.
    ///   - respond: answers a complete request (called on the event loop; it must not block for long).
    init(maximumBodySize: Int, respond: @escaping @Sendable (SandboxRequest) -> SandboxResponse) {
        self.maximumBodySize = maximumBodySize
        self.respond = respond
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > maximumBodySize {
                reject(context: context)
                return
            }
            state = .receiving(head, context.channel.allocator.buffer(capacity: 0))
        case .body(var chunk):
            guard case .receiving(let head, var body) = state else { return }
            guard body.readableBytes + chunk.readableBytes <= maximumBodySize else {
                reject(context: context)
                return
            }
            state = .idle  // drop the enum's reference so the write below does not copy the buffer
            body.writeBuffer(&chunk)
            state = .receiving(head, body)
        case .end:
            guard case .receiving(let head, var body) = state else { return }
            state = .idle
            let request = SandboxRequest(
                method: head.method,
                uri: head.uri,
                headers: head.headers,
                body: body.readBytes(length: body.readableBytes) ?? [],
                peerIsLoopback: context.channel.remoteAddress?.ipAddress.map(Loopback.isLoopback(host:)) ?? false)
            let response = respond(request)
            let keepAlive = head.isKeepAlive
            if response.delay > 0 {
                let nanoseconds = Int64((response.delay * 1_000_000_000).rounded())
                context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(nanoseconds)) {
                    self.write(response, keepAlive: keepAlive, context: context)
                }
            } else {
                write(response, keepAlive: keepAlive, context: context)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func reject(context: ChannelHandlerContext) {
        state = .rejected
        write(
            .gatewayError(.payloadTooLarge, "The request body is larger than \(maximumBodySize) bytes."),
            keepAlive: false, context: context)
    }

    private func write(_ response: SandboxResponse, keepAlive: Bool, context: ChannelHandlerContext) {
        if response.dropsConnection {
            context.close(promise: nil)
            return
        }
        var headers = response.headers
        headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
        headers.replaceOrAdd(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        headers.replaceOrAdd(name: "Server", value: "csm-sandbox")
        let head = HTTPResponseHead(version: .http1_1, status: response.status, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if !response.body.isEmpty {
            let buffer = context.channel.allocator.buffer(bytes: response.body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            if !keepAlive {
                channel.close(promise: nil)
            }
        }
    }
}
