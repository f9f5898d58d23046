package io.mgw.gateway.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.mgw.adapters.contract.InternalApi;
import io.mgw.adapters.contract.RedisKeys;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small stand-in for a workflow-runtime pod (another process): serves {@code /sessions/{id}/ws}, registers itself
 * in the Redis pod registry, echoes client frames (when asked), stamps {@code seq} on the JSON frames it sends, and
 * on {@code takeover=1} moves the session to the new connection (1012 to the old one) and first sends
 * {@code resumed}. Modes make it refuse connections with 1012 or 1013 right after the upgrade.
 */
public final class FakePod implements AutoCloseable {

    /** How the pod answers a link: take it, refuse it with 1012 or 1013, or drop the connection without a word. */
    public enum Mode { ACCEPT, CLOSE_1012, CLOSE_1013, DROP }

    public final String podId;
    private final String deploymentId;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final ConcurrentHashMap<String, Conn> sessions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> seqs = new ConcurrentHashMap<>();
    private final AtomicInteger attempts = new AtomicInteger();
    public final List<String> serviceTokens = new CopyOnWriteArrayList<>();
    public volatile Mode mode = Mode.ACCEPT;
    public volatile boolean echo = true;

    public FakePod(String deploymentId) throws InterruptedException {
        this.podId = "pod-" + Ids.random(10);
        this.deploymentId = deploymentId;
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                                new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                        .websocketPath("/sessions").checkStartsWith(true).handleCloseFrames(false).build()),
                                new PodHandler());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    public int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    /** Writes this pod into the registry as the runtime would (hash with TTL, member of the deployment's set). */
    public FakePod register(RedisClient redis, int capacity, int active) {
        try (StatefulRedisConnection<String, String> c = redis.connect()) {
            c.sync().hset(RedisKeys.pod(podId), Map.of(RedisKeys.POD_URL, "ws://127.0.0.1:" + port(),
                    RedisKeys.POD_DEPLOYMENTS, deploymentId, RedisKeys.POD_CAPACITY, Integer.toString(capacity),
                    RedisKeys.POD_ACTIVE, Integer.toString(active)));
            c.sync().expire(RedisKeys.pod(podId), 300);
            c.sync().zadd(RedisKeys.podsOf(deploymentId), System.currentTimeMillis(), podId);
        }
        return this;
    }

    public int attempts() {
        return attempts.get();
    }

    /** The session's current connection, waiting for it up to {@code within}. */
    public Conn await(String sessionId, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end) {
            Conn c = sessions.get(sessionId);
            if (c != null && c.channel.isActive()) {
                return c;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no pod connection for " + sessionId);
    }

    public Conn current(String sessionId) {
        return sessions.get(sessionId);
    }

    /** Sends a seq-stamped transcript frame on the session's current connection; returns its seq. */
    public long sendSeq(String sessionId) {
        long seq = seqs.computeIfAbsent(sessionId, k -> new AtomicLong()).incrementAndGet();
        sessions.get(sessionId).sendText("{\"type\":\"transcript\",\"seq\":" + seq + ",\"role\":\"agent\",\"text\":\"t" + seq + "\"}");
        return seq;
    }

    /** Sends {@code count} seq frames from the session's event loop, each connection lookup fresh (follows moves). */
    public void sendSeqs(String sessionId, int count) {
        for (int i = 0; i < count; i++) {
            sendSeq(sessionId);
        }
    }

    public long lastSeq(String sessionId) {
        AtomicLong s = seqs.get(sessionId);
        return s == null ? 0 : s.get();
    }

    /**
     * The pod process dies: it stops listening and every connection drops at the TCP level, with no WebSocket close
     * frame (its registry entry stays until its TTL, as a crashed runtime's would).
     */
    public void kill() {
        server.close().syncUninterruptibly();
        for (Conn conn : sessions.values()) {
            // Below the pipeline: a plain close() would let the WebSocket handler send a 1000 close frame first.
            conn.channel.eventLoop().submit(() -> conn.channel.unsafe().closeForcibly()).syncUninterruptibly();
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One gateway connection for one session. */
    public static final class Conn {
        public final Channel channel;
        public final boolean takeover;
        public final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        /** The code of the gateway's close frame, once the pod read one; -1 before (or when the link just dropped). */
        public volatile int closeCodeSeen = -1;

        Conn(Channel channel, boolean takeover) {
            this.channel = channel;
            this.takeover = takeover;
        }

        public void sendText(String text) {
            channel.writeAndFlush(new TextWebSocketFrame(text));
        }

        public void sendBinary(byte[] bytes) {
            channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
        }

        public void close(int code) {
            channel.writeAndFlush(new CloseWebSocketFrame(code, "fake pod")).addListener(ChannelFutureListener.CLOSE);
        }

        /** Next frame received from the gateway: a String (text) or byte[] (binary). */
        public Object next(Duration within) throws InterruptedException {
            Object o = received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
            if (o == null) {
                throw new AssertionError("pod received nothing within " + within);
            }
            return o;
        }
    }

    private final class PodHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
        private Conn conn;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hs) {
                attempts.incrementAndGet();
                serviceTokens.add(String.valueOf(hs.requestHeaders().get(InternalApi.SERVICE_TOKEN_HEADER)));
                if (mode == Mode.DROP) {
                    ctx.channel().unsafe().closeForcibly(); // past the pipeline: no close frame, only the FIN
                    return;
                }
                if (mode != Mode.ACCEPT) {
                    ctx.writeAndFlush(new CloseWebSocketFrame(mode == Mode.CLOSE_1012 ? 1012 : 1013, "fake pod refuses"))
                            .addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                var q = new QueryStringDecoder(hs.requestUri());
                String sid = q.path().split("/")[2];
                boolean takeover = q.parameters().containsKey("takeover");
                conn = new Conn(ctx.channel(), takeover);
                Conn old = sessions.put(sid, conn);
                if (takeover) {
                    if (old != null && old.channel.isActive()) {
                        old.close(1012);
                    }
                    conn.sendText("{\"type\":\"resumed\",\"last_seq\":" + lastSeq(sid) + "}");
                }
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof CloseWebSocketFrame close) {
                if (conn != null) {
                    conn.closeCodeSeen = close.statusCode();
                }
                ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode(), "fake pod")).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            if (conn == null) {
                return;
            }
            byte[] bytes = ByteBufUtil.getBytes(frame.content());
            conn.received.add(frame instanceof TextWebSocketFrame ? new String(bytes, StandardCharsets.UTF_8) : bytes);
            if (echo) {
                ctx.writeAndFlush(frame.retainedDuplicate());
            }
        }
    }
}
