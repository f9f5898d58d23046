package io.mgw.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServiceTokenTest {

    private final ServiceToken token = new ServiceToken("s3cret-token");

    @Test
    void acceptsOnlyTheExactToken() {
        assertTrue(token.accepts("s3cret-token"));
        assertFalse(token.accepts("s3cret-toke"));
        assertFalse(token.accepts("s3cret-token "));
        assertFalse(token.accepts("S3CRET-TOKEN"));
        assertFalse(token.accepts(""));
        assertFalse(token.accepts(null));
    }

    @Test
    void emptyTokenIsRefusedAndToStringRedacts() {
        assertThrows(IllegalArgumentException.class, () -> new ServiceToken(""));
        assertFalse(token.toString().contains("s3cret"));
    }
}
