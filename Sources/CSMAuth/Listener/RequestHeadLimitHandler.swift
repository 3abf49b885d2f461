import NIOCore

/// Sits in front of NIO's HTTP decoder and limits how many bytes may arrive before the request
/// head is complete, the request line included (NIO's own limits cover header fields only,
/// not the request line, whose query is where an oversized callback would put its bytes).
///
/// Bytes are passed to the decoder first and counted after, so a head that fits is never refused
/// because body bytes came in the same read. Once the limit is passed before the head is complete
/// it reports ``RequestHeadTooLarge`` down the pipeline (``LoopbackHTTPHandler`` answers 431 and
/// closes) and drops everything else the peer sends. A whole oversized head that arrives in one
/// read is caught by ``LoopbackHTTPHandler`` instead, which measures the decoded head.
final class RequestHeadLimitHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Reported when the request head is larger than the limit.
    struct RequestHeadTooLarge: Error {}

    /// The most bytes a request head may have.
    let maximumBytes: Int
    private var receivedBytes = 0
    private var exceeded = false
    /// Set by ``LoopbackHTTPHandler`` when the decoder produced the request head.
    var headReceived = false

    init(maximumBytes: Int) {
        self.maximumBytes = maximumBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !exceeded else { return }
        let count = unwrapInboundIn(data).readableBytes
        context.fireChannelRead(data)
        guard !headReceived else { return }
        receivedBytes += count
        if receivedBytes > maximumBytes {
            exceeded = true
            context.fireErrorCaught(RequestHeadTooLarge())
        }
    }
}
