package io.mgw.adapters.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvReaderTest {

    private static final Duration MAX = Duration.ofHours(2);

    @Test
    void unsetOrBlankValuesFallBackAndOthersAreTrimmed() {
        EnvReader in = new EnvReader(Map.of("BLANK", "  ", "HOST", " 127.0.0.1 "));

        assertEquals("dflt", in.string("BLANK", "dflt"));
        assertEquals("dflt", in.string("UNSET", "dflt"));
        assertEquals("127.0.0.1", in.string("HOST", "dflt"));
        assertEquals(7, in.integer("UNSET", 7, 1, 10));
        in.throwIfProblems("test");
    }

    @Test
    void aRedisKeyFallsBackWhenBlankAndMayNotHoldWhitespace() {
        EnvReader in = new EnvReader(Map.of("BLANK", " ", "KEY", " mgw:events:eu ", "BAD", "two words"));

        assertEquals("mgw:events", in.redisKey("BLANK", "mgw:events"));
        assertEquals("mgw:events:eu", in.redisKey("KEY", "mgw:events"));
        in.redisKey("BAD", "mgw:events");
        ConfigException e = assertThrows(ConfigException.class, () -> in.throwIfProblems("test"));
        assertEquals(List.of("BAD: 'two words' is not a Redis key"), e.problems());
    }

    @Test
    void durationsTakeSecondsOrAUnit() {
        EnvReader in = new EnvReader(Map.of("A", "15", "B", "15s", "C", "500ms", "D", "2m", "E", "1H"));

        assertEquals(Duration.ofSeconds(15), in.duration("A", Duration.ZERO, Duration.ZERO, MAX));
        assertEquals(Duration.ofSeconds(15), in.duration("B", Duration.ZERO, Duration.ZERO, MAX));
        assertEquals(Duration.ofMillis(500), in.duration("C", Duration.ZERO, Duration.ZERO, MAX));
        assertEquals(Duration.ofMinutes(2), in.duration("D", Duration.ZERO, Duration.ZERO, MAX));
        assertEquals(Duration.ofHours(1), in.duration("E", Duration.ZERO, Duration.ZERO, MAX));
        in.throwIfProblems("test");
    }

    @Test
    void everyProblemIsCollectedNamedAndReportedOnce() {
        EnvReader in = new EnvReader(Map.of("PORT", "65536", "THREADS", "many", "WAIT", "1.5s", "GRACE", "3h",
                "URL", "ftp://host", "KEY", "s3cr3t"));

        assertEquals(8080, in.port("PORT", 8080));
        assertEquals(1, in.integer("THREADS", 1, 1, 64));
        assertEquals(Duration.ofSeconds(1), in.duration("WAIT", Duration.ofSeconds(1), Duration.ZERO, MAX));
        assertEquals(Duration.ZERO, in.duration("GRACE", Duration.ZERO, Duration.ZERO, MAX));
        assertEquals(URI.create("http://fallback"), in.uri("URL", "http://fallback", Set.of("http", "https")));
        in.secret("KEY", 32, "signs tokens");
        in.secret("MISSING", 1, "the token callers present");
        in.problem("RULE: across two values");
        ConfigException e = assertThrows(ConfigException.class, () -> in.throwIfProblems("media-gateway"));

        assertEquals(List.of(
                "PORT: 65536 is out of range 0..65535",
                "THREADS: 'many' is not an integer",
                "WAIT: '1.5s' is not a duration (seconds, or a number with ms, s, m or h)",
                "GRACE: 3h is out of range 0s..7200s",
                "URL: 'ftp://host' is not a URL of the form http|https://host[:port]",
                "KEY: too short (6 bytes); at least 32 bytes are required",
                "MISSING: not set; the token callers present (bin/mgw passes one; set it when starting this process alone)",
                "RULE: across two values"), e.problems());
        assertTrue(e.getMessage().startsWith("invalid media-gateway configuration (8 problems):\n  - PORT: "), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), "secret echoed: " + e.getMessage());
    }

    @Test
    void optionalUriIsNullWhenUnsetAndCredentialsAreNeverEchoed() {
        EnvReader in = new EnvReader(Map.of("REDIS_URL", "http://user:hunter2@redis"));

        assertNull(in.uri("UNSET", null, Set.of("ws")));
        assertEquals(URI.create("redis://127.0.0.1:6379"), in.uri("REDIS_URL", "redis://127.0.0.1:6379", Set.of("redis")));
        ConfigException e = assertThrows(ConfigException.class, () -> in.throwIfProblems("test"));

        assertEquals(1, e.problems().size());
        assertTrue(e.getMessage().startsWith("invalid test configuration (1 problem):"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }
}
