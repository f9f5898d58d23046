package io.mgw.deploy.load;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One simulated session or call: its WebSocket (handshake, pings answered, close code recorded), its 20 ms audio
 * clock and its framing's per-call state. Confined to its channel's event loop once connected.
 */
final class LoadCall extends SimpleChannelInboundHandler<Object> {

    final LoadStats stats;
    final String streamId;
    final String callId;
    final String account;
    /** Send times of audio frames not yet answered (pairing for transcoded echoes). */
    final ArrayDeque<Long> sentAt = new ArrayDeque<>();
    long lastSeq;
    long providerSeq;
    /** True once the streaming window started: before it, what comes back only proves the path works. */
    boolean measuring;
    /** Completes with the first answer to a warm-up frame: the whole path is up. */
    final CompletableFuture<Void> warm = new CompletableFuture<>();

    final CompletableFuture<LoadCall> connected = new CompletableFuture<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocketClientHandshaker handshaker;
    private final Framing framing;
    private final int jsonEvery;
    private Channel channel;
    private ScheduledFuture<?> clock;
    private long index;
    private long firstTickNanos;
    private long frameNanos;

    LoadCall(WebSocketClientHandshaker handshaker, Framing framing, LoadStats stats, int jsonEvery, String callId,
             String account) {
        this.handshaker = handshaker;
        this.framing = framing;
        this.stats = stats;
        this.jsonEvery = jsonEvery;
        this.callId = callId;
        this.streamId = "MZ" + callId;
        this.account = account;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        handshaker.handshake(channel).addListener(f -> {
            if (!f.isSuccess()) {
                connected.completeExceptionally(f.cause());
            }
        });
    }

    /**
     * Sends a warm-up audio frame every 100 ms until one comes back ({@link #warm}): a call is admitted and its pod
     * connected asynchronously, and audio sent before that would only measure the setup.
     */
    void warmUp() {
        channel.eventLoop().execute(() -> {
            ScheduledFuture<?>[] probe = new ScheduledFuture<?>[1];
            probe[0] = channel.eventLoop().scheduleAtFixedRate(() -> {
                if (warm.isDone() || !channel.isActive()) {
                    probe[0].cancel(false);
                } else {
                    channel.writeAndFlush(framing.audio(this, channel.alloc(), 0, System.nanoTime()), channel.voidPromise());
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
        });
    }

    /** Starts the audio clock: {@code frames} frames every {@code frameMs}, the first at {@code startNanos} (System.nanoTime). */
    void stream(long startNanos, long frames, int frameMs) {
        channel.eventLoop().execute(() -> {
            measuring = true;
            sentAt.clear();
            long delay = Math.max(0, startNanos - System.nanoTime());
            firstTickNanos = startNanos;
            frameNanos = frameMs * 1_000_000L;
            clock = channel.eventLoop().scheduleAtFixedRate(() -> tick(frames), delay, frameNanos, TimeUnit.NANOSECONDS);
        });
    }

    private void tick(long frames) {
        if (index >= frames || !channel.isActive()) {
            clock.cancel(false);
            return;
        }
        index++;
        // A fixed-rate clock runs missed ticks back to back; a caller's audio does not come in bursts because this
        // client fell behind, so a tick more than one frame late is dropped and counted instead.
        if (System.nanoTime() - (firstTickNanos + (index - 1) * frameNanos) > frameNanos) {
            stats.audioLate.increment();
            return;
        }
        if (!channel.isWritable()) {
            stats.audioSkipped.increment(); // the client (or the path) cannot keep up: count, never queue without bound
            return;
        }
        channel.write(framing.audio(this, channel.alloc(), index, System.nanoTime()), channel.voidPromise());
        stats.audioSent.increment();
        if (index % jsonEvery == 0) {
            channel.write(framing.json(this, index), channel.voidPromise());
            stats.jsonSent.increment();
        }
        channel.flush();
    }

    /** Sends the framing's goodbye; the far side closes, or with {@code closeToo} this side closes with 1000. */
    void stop(boolean closeToo) {
        channel.eventLoop().execute(() -> {
            if (channel.isActive()) {
                channel.write(framing.stop(this));
                if (closeToo) {
                    channel.write(new CloseWebSocketFrame(1000, "load done"));
                }
                channel.flush();
            }
        });
    }

    /** Closes the socket now (after the wait for the far side's close). */
    void abort() {
        if (channel != null) {
            channel.close();
        }
    }

    /** Writes a frame now (the framing's handshake and replies). */
    void send(WebSocketFrame frame) {
        channel.writeAndFlush(frame, channel.voidPromise());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (!handshaker.isHandshakeComplete()) {
            try {
                handshaker.finishHandshake(ctx.channel(), (FullHttpResponse) msg);
                framing.open(this);
                stats.connected.increment();
                connected.complete(this);
            } catch (RuntimeException e) {
                connected.completeExceptionally(e);
                ctx.close();
            }
            return;
        }
        if (msg instanceof CloseWebSocketFrame close) {
            closedWith(close.statusCode());
            ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode(), null)).addListener(f -> ctx.close());
        } else if (msg instanceof PingWebSocketFrame ping) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
        } else if (msg instanceof WebSocketFrame frame && !(msg instanceof PongWebSocketFrame)) {
            if (measuring) {
                framing.received(this, frame, System.nanoTime());
            } else {
                warm.complete(null);
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connected.completeExceptionally(new IllegalStateException("connection closed before the WebSocket opened"));
        closedWith(1006);
        if (clock != null) {
            clock.cancel(false);
        }
    }

    /** Counts the close before the run sees it complete (the report reads the counts right after). */
    private void closedWith(int code) {
        if (!closed.isDone()) {
            stats.closed(code);
            closed.complete(code);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        connected.completeExceptionally(cause);
        ctx.close();
    }
}
