package io.mgw.gateway.wire;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * The server side of the RFC 6455 opening handshake for a pass-through socket: checks the upgrade request, builds
 * the 101 (no subprotocol, no extension: permessage-deflate is refused by not answering it) and swaps the HTTP codec
 * for the frame layer: {@link RawFrameDecoder} inbound and Netty's unmasked {@link WebSocket13FrameEncoder} for the
 * few frames the gateway writes itself (pings, closes, replayed frames). Forwarded frames are written as bytes and
 * pass the encoder untouched.
 */
public final class WebSocketUpgrade {

    /** Pipeline names of the frame layer. */
    public static final String FRAME_DECODER = "ws-frame-decoder";
    public static final String FRAME_ENCODER = "ws-frame-encoder";

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final String VERSION = "13";

    private WebSocketUpgrade() {
    }

    /** Why a request cannot be upgraded: the HTTP status and message to answer with. */
    public record Refusal(HttpResponseStatus status, String code, String message) {
    }

    /** Empty when {@code request} is a valid WebSocket version 13 upgrade. */
    public static Optional<Refusal> check(HttpRequest request) {
        var headers = request.headers();
        if (!HttpMethod.GET.equals(request.method())
                || !headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                || !headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
            return Optional.of(new Refusal(HttpResponseStatus.BAD_REQUEST, "bad_request", "not a WebSocket upgrade request"));
        }
        if (!VERSION.equals(headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
            return Optional.of(new Refusal(HttpResponseStatus.UPGRADE_REQUIRED, "unsupported_websocket_version",
                    "only WebSocket version 13 is supported"));
        }
        String key = headers.get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
        if (key == null || !validKey(key.trim())) {
            return Optional.of(new Refusal(HttpResponseStatus.BAD_REQUEST, "bad_request", "missing or malformed Sec-WebSocket-Key"));
        }
        return Optional.empty();
    }

    /** The 101 answer to a request that passed {@link #check}. */
    public static FullHttpResponse switchingProtocols(HttpRequest request) {
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
        response.headers()
                .set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                .set(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT, accept(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY).trim()));
        return response;
    }

    /**
     * Replaces the HTTP handlers by the frame layer, in the handler position of {@code httpCodec}; bytes the HTTP
     * decoder had already read move on to the frame decoder. Call on the event loop after the 101 was written (an
     * event-loop write is encoded at once, so the codec is no longer needed).
     */
    public static void installFrameLayer(ChannelPipeline pipeline, String httpCodec, int maxPayloadBytes) {
        pipeline.addAfter(httpCodec, FRAME_DECODER, new RawFrameDecoder(maxPayloadBytes, true));
        pipeline.addAfter(FRAME_DECODER, FRAME_ENCODER, new WebSocket13FrameEncoder(false));
        pipeline.remove(httpCodec);
    }

    /** {@code base64(sha1(key + GUID))} (RFC 6455 section 4.2.2). */
    static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }

    private static boolean validKey(String key) {
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
