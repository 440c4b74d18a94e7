import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Admission at the connection, on the event loop, as soon as a request's head is decoded. A request counts from then
/// until its response has been written, so the time it waits for a thread to run it counts too: once handlers got
/// fast, the queue under overload formed there, in front of any middleware, and a gate inside the router saw nothing
/// while waits grew to seconds. A request shed here costs no task, no identity and no database: the 503 is written from
/// the event loop and the rest of the request is read and dropped.
///
/// A request on a connection that still owes an earlier response is always admitted, since answering it first would
/// put the answers out of order (HTTP/1.1 pipelining).
final class AdmissionHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let gate: AdmissionGate
    /// Admitted requests on this connection not yet answered.
    private var owed = 0
    /// True from a shed request's head to its end: its body is read and dropped.
    private var dropping = false

    init(gate: AdmissionGate) { self.gate = gate }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch part {
        case .head(let head):
            let path = head.path.map { String($0.prefix { $0 != "?" }) } ?? "/"
            if owed > 0 {
                gate.admit()
            } else if !gate.enter(essential: AdmissionGate.isEssential(path)) {
                dropping = true
                shed(context: context)
                return
            }
            owed += 1
            context.fireChannelRead(data)
        case .body:
            if !dropping { context.fireChannelRead(data) }
        case .end:
            if dropping { dropping = false } else { context.fireChannelRead(data) }
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), owed > 0 {
            owed -= 1
            gate.leave()
        }
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        releaseOwed()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { releaseOwed() }

    private func releaseOwed() {
        for _ in 0..<owed { gate.leave() }
        owed = 0
    }

    private func shed(context: ChannelHandlerContext) {
        let body = ByteBuffer(string: AdmissionGate.overloadedBody)
        var head = HTTPResponse(status: .serviceUnavailable)
        head.headerFields[.retryAfter] = "1"
        head.headerFields[.contentType] = "application/json; charset=utf-8"
        head.headerFields[.cacheControl] = "no-store"
        head.headerFields[.contentLength] = String(body.readableBytes)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
