package io.mgw.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Builds the JSON HTTP responses of the Netty processes; every HTTP error uses {@link #error} and so the one
 * {@code {"error","message"}} shape (DESIGN, control plane). Bodies are allocated from the channel's allocator;
 * the returned response owns its buffer until written.
 */
public final class JsonResponses {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonResponses() {
    }

    /** An error response {@code {"error":code,"message":message}}. */
    public static FullHttpResponse error(ByteBufAllocator alloc, HttpResponseStatus status, String code, String message) {
        return json(alloc, status, new ErrorBody(code, message));
    }

    /** A response whose body is {@code body} serialised by Jackson. */
    public static FullHttpResponse json(ByteBufAllocator alloc, HttpResponseStatus status, Object body) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + body.getClass().getName(), e);
        }
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                bytes.length == 0 ? Unpooled.EMPTY_BUFFER : alloc.buffer(bytes.length).writeBytes(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return response;
    }

    /** The error body shared with control-plane's errors (DESIGN, control plane). */
    record ErrorBody(String error, String message) {
    }
}
