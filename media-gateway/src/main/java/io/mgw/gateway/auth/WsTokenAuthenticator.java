package io.mgw.gateway.auth;

import io.mgw.adapters.contract.WsTokens;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;

/**
 * Reads the session socket's {@code ws_token} from {@code Authorization: Bearer} (preferred) or the
 * {@value WsTokens#QUERY_PARAMETER} query parameter (browsers can only use that) and verifies it offline with
 * {@link WsTokens}. Never logs the token or the query string. Thread-safe.
 */
public final class WsTokenAuthenticator {

    private static final String BEARER = "bearer ";

    private final WsTokens tokens;

    public WsTokenAuthenticator(String jwtSecret) {
        this.tokens = new WsTokens(jwtSecret);
    }

    /** Verifies the request's token for {@code sessionId}; a missing token is {@code MISSING}, never an exception. */
    public WsTokens.Verification verify(HttpRequest request, QueryStringDecoder query, String sessionId) {
        return tokens.verify(token(request, query), sessionId);
    }

    static String token(HttpRequest request, QueryStringDecoder query) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header != null && header.length() > BEARER.length()
                && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return header.substring(BEARER.length()).trim();
        }
        List<String> values = query.parameters().get(WsTokens.QUERY_PARAMETER);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
