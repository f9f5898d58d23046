package io.mgw.gateway.upstream;

import io.mgw.adapters.contract.InternalApi;
import io.mgw.service.NettyServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.concurrent.Promise;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Opens the gateway's WebSocket to a pod, {@code ws://<pod>/sessions/{id}/ws?deployment=<dep>[&takeover=1]} with
 * the service token header, on the client channel's own event loop and transport (STYLE B3). No extensions
 * (permessage-deflate refused on both legs). The returned promise completes once the WebSocket handshake is done.
 * Frames the gateway writes itself are masked by Netty's client encoder; forwarded client frames keep their mask.
 */
public final class UpstreamConnector {

    private static final int HANDSHAKE_BYTES = 8192;

    private final String serviceToken;
    private final int maxFrameBytes;

    public UpstreamConnector(String serviceToken, int maxFrameBytes) {
        this.serviceToken = serviceToken;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * @param raw true for a pass-through leg: after the handshake, frames reach the listener as {@code RawFrame}s
     *            (bytes as the pod sent them); false for a decoded leg ({@code WebSocketFrame}s) that parses frames
     */
    public Promise<Channel> connect(Channel client, URI podBase, String sessionId, String deploymentId, boolean takeover,
                                    long timeoutMillis, boolean raw, UpstreamListener listener) {
        EventLoop loop = client.eventLoop();
        Promise<Channel> done = loop.newPromise();
        URI uri = sessionUri(podBase, sessionId, deploymentId, takeover);
        var headers = new DefaultHttpHeaders().set(InternalApi.SERVICE_TOKEN_HEADER, serviceToken);
        WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(
                uri, WebSocketVersion.V13, null, false, headers, maxFrameBytes);
        Class<? extends SocketChannel> type = client instanceof EpollSocketChannel ? EpollSocketChannel.class : NioSocketChannel.class;
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        var connect = new Bootstrap().group(loop).channel(type)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, NettyServer.RECEIVE_BUFFERS)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 512 * 1024))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(100, timeoutMillis))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(HANDSHAKE_BYTES),
                                new UpstreamHandler(handshaker, done, listener, raw ? maxFrameBytes : 0));
                    }
                })
                .connect(uri.getHost(), port);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                done.tryFailure(f.cause());
            }
        });
        var timeout = loop.schedule(() -> {
            if (done.tryFailure(new IllegalStateException("pod handshake timed out"))) {
                connect.channel().close();
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        done.addListener(f -> timeout.cancel(false));
        return done;
    }

    /**
     * Where a raw leg's forwarded frame bytes are written: the frame encoder's context, so they go straight to the
     * socket without passing the handlers that only deal with frames the gateway makes itself.
     */
    public static ChannelHandlerContext byteWriter(Channel upstream) {
        return upstream.pipeline().context(UpstreamHandler.WS_ENCODER);
    }

    static URI sessionUri(URI podBase, String sessionId, String deploymentId, boolean takeover) {
        String scheme = "https".equals(podBase.getScheme()) || "wss".equals(podBase.getScheme()) ? "wss" : "ws";
        String base = scheme + "://" + podBase.getRawAuthority() + (podBase.getRawPath() == null ? "" : podBase.getRawPath());
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/sessions/" + sessionId + "/ws?deployment="
                + URLEncoder.encode(deploymentId, StandardCharsets.UTF_8) + (takeover ? "&takeover=1" : ""));
    }
}
