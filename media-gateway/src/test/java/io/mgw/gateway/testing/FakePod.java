package io.mgw.gateway.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.mgw.adapters.contract.Ids;
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
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted peer on the pod side of the agent stream, speaking frames.md: it serves {@code /sessions/{id}/ws},
 * registers itself in the Redis pod registry, records what the gateway sends and sends what a test tells it to. The
 * agent-stream tests use it for the frames our runtime's nodes never emit (marks, clear, hangup, transfer, DTMF
 * towards the caller); the session socket's and the call's paths through the real runtime are in the deploy module's
 * end-to-end tests.
 */
public final class FakePod implements AutoCloseable {

    public final String podId;
    private final String deploymentId;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final BlockingQueue<Conn> arrivals = new LinkedBlockingQueue<>();
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
            c.sync().expire(RedisKeys.pod(podId), 3600); // a test class's length; the runtime refreshes, this does not
            c.sync().zadd(RedisKeys.podsOf(deploymentId), System.currentTimeMillis(), podId);
        }
        return this;
    }

    /** Forgets calls that arrived and were not taken with {@link #nextCall} (between tests). */
    public void forgetCalls() {
        arrivals.clear();
    }

    /** The next gateway connection this pod receives (a new call), waiting up to {@code within}. */
    public Conn nextCall(Duration within) throws InterruptedException {
        Conn c = arrivals.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (c == null) {
            throw new AssertionError("no call reached the pod within " + within);
        }
        return c;
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One gateway connection for one session. */
    public static final class Conn {
        public final Channel channel;
        public final String sessionId;
        public final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

        Conn(Channel channel, String sessionId) {
            this.channel = channel;
            this.sessionId = sessionId;
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
                conn = new Conn(ctx.channel(), new QueryStringDecoder(hs.requestUri()).path().split("/")[2]);
                arrivals.add(conn);
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof CloseWebSocketFrame close) {
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
