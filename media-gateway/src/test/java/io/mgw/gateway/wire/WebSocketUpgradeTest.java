package io.mgw.gateway.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

/** The opening handshake's checks and its accept value (RFC 6455's own example). */
class WebSocketUpgradeTest {

    private static HttpRequest upgrade(String version, String key) {
        var request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws");
        request.headers().set(HttpHeaderNames.UPGRADE, "websocket").set(HttpHeaderNames.CONNECTION, "keep-alive, Upgrade");
        if (version != null) {
            request.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, version);
        }
        if (key != null) {
            request.headers().set(HttpHeaderNames.SEC_WEBSOCKET_KEY, key);
        }
        return request;
    }

    @Test
    void acceptIsTheRfcExample() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketUpgrade.accept("dGhlIHNhbXBsZSBub25jZQ=="));
        var response = WebSocketUpgrade.switchingProtocols(upgrade("13", "dGhlIHNhbXBsZSBub25jZQ=="));
        assertEquals(HttpResponseStatus.SWITCHING_PROTOCOLS, response.status());
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", response.headers().get(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT));
        assertFalse(response.headers().contains(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS), "permessage-deflate is never accepted");
        response.release();
    }

    @Test
    void refusesWhatIsNotAVersion13Upgrade() {
        assertTrue(WebSocketUpgrade.check(upgrade("13", "dGhlIHNhbXBsZSBub25jZQ==")).isEmpty());
        assertEquals(HttpResponseStatus.UPGRADE_REQUIRED, WebSocketUpgrade.check(upgrade("8", "dGhlIHNhbXBsZSBub25jZQ==")).orElseThrow().status());
        assertEquals(HttpResponseStatus.BAD_REQUEST, WebSocketUpgrade.check(upgrade("13", null)).orElseThrow().status());
        assertEquals(HttpResponseStatus.BAD_REQUEST, WebSocketUpgrade.check(upgrade("13", "short")).orElseThrow().status());
        var plain = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws");
        assertEquals(HttpResponseStatus.BAD_REQUEST, WebSocketUpgrade.check(plain).orElseThrow().status());
    }
}
