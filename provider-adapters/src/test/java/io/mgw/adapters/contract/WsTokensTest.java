package io.mgw.adapters.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.mgw.adapters.contract.WsTokens.Verification;
import io.mgw.adapters.contract.WsTokens.Verification.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class WsTokensTest {

    private static final String SECRET = "test-secret-0123456789-abcdefghijklmnop";
    private static final String OTHER_SECRET = "another-secret-0123456789-abcdefghijklm";
    private static final String SESSION = "sess_k2v9q4m7x1c8";
    private static final String ORG = "org_a1b2c3d4e5f6g7h8";
    private static final Instant T0 = Instant.parse("2026-05-16T09:30:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final WsTokenKey key = WsTokenKey.fromSecret(SECRET);
    private final WsTokens tokens = new WsTokens(key, clock, WsTokens.DEFAULT_TTL);

    @Test
    void mintedTokenVerifiesWithItsFacts() {
        String token = tokens.mint(SESSION, ORG);

        Verification result = tokens.verify(token, SESSION);

        Verification.Valid valid = assertInstanceOf(Verification.Valid.class, result);
        assertEquals(SESSION, valid.sessionId());
        assertEquals(ORG, valid.organizationId());
        assertEquals(T0.plusSeconds(120), valid.expiresAt());
        assertTrue(result.isValid());
    }

    @Test
    void mintedTokenHasTheDocumentedHeaderAndClaims() throws Exception {
        SignedJWT jwt = SignedJWT.parse(tokens.mint(SESSION, ORG));

        assertEquals(JWSAlgorithm.HS256, jwt.getHeader().getAlgorithm());
        assertEquals(JOSEObjectType.JWT, jwt.getHeader().getType());
        assertEquals(key.kid(), jwt.getHeader().getKeyID());
        assertEquals(tokens.keyId(), jwt.getHeader().getKeyID());
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertEquals(SESSION, claims.getSubject());
        assertEquals(ORG, claims.getStringClaim(WsTokens.CLAIM_ORGANIZATION));
        assertEquals(java.util.List.of("media-gateway"), claims.getAudience());
        assertEquals("mgw-control-plane", claims.getIssuer());
        assertEquals(T0, claims.getIssueTime().toInstant());
        assertEquals(T0, claims.getNotBeforeTime().toInstant());
        assertEquals(T0.plusSeconds(120), claims.getExpirationTime().toInstant());
        assertTrue(claims.getJWTID().matches("[0-9a-f-]{36}"));
    }

    @Test
    void jtiIsUniqueAcrossMints() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            Verification.Valid valid = (Verification.Valid) tokens.verify(tokens.mint(SESSION, ORG), SESSION);
            assertTrue(ids.add(valid.jti()), "jti repeated");
        }
    }

    @Test
    void tokenSignedWithAnotherSecretUnderTheSameKidIsBadSignature() {
        WsTokens forger = new WsTokens(WsTokenKey.of(key.kid(), bytes(OTHER_SECRET)), clock, WsTokens.DEFAULT_TTL);

        assertInvalid(Reason.BAD_SIGNATURE, tokens.verify(forger.mint(SESSION, ORG), SESSION));
    }

    @Test
    void tokenOfAnotherSecretWithItsOwnKidIsUnknownKey() {
        WsTokens other = new WsTokens(OTHER_SECRET);

        assertInvalid(Reason.UNKNOWN_KEY, tokens.verify(other.mint(SESSION, ORG), SESSION));
    }

    @Test
    void tamperedPayloadIsBadSignature() {
        String[] parts = tokens.mint(SESSION, ORG).split("\\.");
        String forged = Base64URL.encode(claims(c -> c.claim(WsTokens.CLAIM_ORGANIZATION, "org_victim"))
                .toString()).toString();

        assertInvalid(Reason.BAD_SIGNATURE, tokens.verify(parts[0] + "." + forged + "." + parts[2], SESSION));
    }

    @Test
    void wrongAudienceIsRefused() throws Exception {
        String token = sign(header(JWSAlgorithm.HS256), claims(c -> c.audience("control-plane")), SECRET);

        assertInvalid(Reason.WRONG_AUDIENCE, tokens.verify(token, SESSION));
    }

    @Test
    void wrongIssuerIsRefused() throws Exception {
        String token = sign(header(JWSAlgorithm.HS256), claims(c -> c.issuer("someone-else")), SECRET);

        assertInvalid(Reason.WRONG_ISSUER, tokens.verify(token, SESSION));
    }

    @Test
    void expiredTokenIsRefusedOnceTheSkewHasPassed() {
        String token = tokens.mint(SESSION, ORG);

        clock.set(T0.plus(WsTokens.DEFAULT_TTL).plus(WsTokens.DEFAULT_CLOCK_SKEW).minusMillis(1));
        assertTrue(tokens.verify(token, SESSION).isValid(), "still inside the skew");
        clock.set(T0.plus(WsTokens.DEFAULT_TTL).plus(WsTokens.DEFAULT_CLOCK_SKEW));
        assertInvalid(Reason.EXPIRED, tokens.verify(token, SESSION));
    }

    @Test
    void tokenFromTheFutureIsNotYetValid() {
        clock.set(T0.plusSeconds(60));
        String token = tokens.mint(SESSION, ORG);

        clock.set(T0);
        assertInvalid(Reason.NOT_YET_VALID, tokens.verify(token, SESSION));
        clock.set(T0.plusSeconds(60).minus(WsTokens.DEFAULT_CLOCK_SKEW));
        assertTrue(tokens.verify(token, SESSION).isValid(), "inside the skew");
    }

    @Test
    void algNoneIsRefused() {
        String header = Base64URL.encode("{\"alg\":\"none\"}").toString();
        String payload = Base64URL.encode(claims(c -> { }).toString()).toString();

        assertInvalid(Reason.WRONG_ALGORITHM, tokens.verify(header + "." + payload + ".", SESSION));
    }

    @Test
    void algNoneWithKidAndACopiedSignatureIsRefused() {
        String[] parts = tokens.mint(SESSION, ORG).split("\\.");
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + key.kid() + "\"}").toString();

        assertInvalid(Reason.WRONG_ALGORITHM, tokens.verify(header + "." + parts[1] + "." + parts[2], SESSION));
    }

    @Test
    void hs512IsRefusedEvenWithTheRightSecretAndKid() throws Exception {
        String token = sign(header(JWSAlgorithm.HS512), claims(c -> { }), SECRET + SECRET);

        assertInvalid(Reason.WRONG_ALGORITHM, tokens.verify(token, SESSION));
    }

    @Test
    void rs256HeaderIsRefused() {
        String header = Base64URL.encode("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + key.kid() + "\"}").toString();
        String payload = Base64URL.encode(claims(c -> { }).toString()).toString();

        assertInvalid(Reason.WRONG_ALGORITHM, tokens.verify(header + "." + payload + ".c2lnbmF0dXJl", SESSION));
    }

    @Test
    void tokenForAnotherSessionIsRefused() {
        String token = tokens.mint("sess_other00000000", ORG);

        assertInvalid(Reason.WRONG_SESSION, tokens.verify(token, SESSION));
    }

    @Test
    void garbageIsMalformed() {
        assertInvalid(Reason.MALFORMED, tokens.verify("not-a-token", SESSION));
        assertInvalid(Reason.MALFORMED, tokens.verify("a.b.c", SESSION));
        assertInvalid(Reason.MALFORMED, tokens.verify("bm90IGpzb24.e30.c2ln", SESSION));
        assertInvalid(Reason.MALFORMED, tokens.verify("x".repeat(WsTokens.MAX_TOKEN_CHARS + 1), SESSION));
    }

    @Test
    void missingTokenIsMissing() {
        assertInvalid(Reason.MISSING, tokens.verify(null, SESSION));
        assertInvalid(Reason.MISSING, tokens.verify("", SESSION));
        assertInvalid(Reason.MISSING, tokens.verify("   ", SESSION));
    }

    @Test
    void signedTokenWithoutOrgIsMalformed() throws Exception {
        JWTClaimsSet noOrg = new JWTClaimsSet.Builder(claims(c -> { })).claim(WsTokens.CLAIM_ORGANIZATION, null).build();

        assertInvalid(Reason.MALFORMED, tokens.verify(sign(header(JWSAlgorithm.HS256), noOrg, SECRET), SESSION));
    }

    @Test
    void previousKeyStillVerifiesAfterRotationAndARetiredKeyDoesNot() {
        WsTokenKey next = WsTokenKey.fromSecret(OTHER_SECRET);
        WsTokens rotated = WsTokens.builder(next).previousKey(key).clock(clock).build();
        WsTokens retired = WsTokens.builder(next).clock(clock).build();
        String oldToken = tokens.mint(SESSION, ORG);

        assertTrue(rotated.verify(oldToken, SESSION).isValid());
        assertTrue(rotated.verify(rotated.mint(SESSION, ORG), SESSION).isValid());
        assertNotEquals(key.kid(), rotated.keyId());
        assertInvalid(Reason.UNKNOWN_KEY, retired.verify(oldToken, SESSION));
    }

    @Test
    void shortSecretIsRefusedWithoutEchoingIt() {
        String shortSecret = "only-31-bytes-of-secret-here-xx";
        assertEquals(31, shortSecret.length());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WsTokens(shortSecret));
        assertFalse(e.getMessage().contains(shortSecret));
        assertThrows(IllegalArgumentException.class, () -> new WsTokens((String) null));
        assertFalse(WsTokenKey.fromSecret(SECRET).toString().contains(SECRET));
    }

    @Test
    void ttlIsConfigurable() {
        WsTokens shortLived = WsTokens.builder(key).clock(clock).ttl(Duration.ofSeconds(30)).build();
        String token = shortLived.mint(SESSION, ORG);

        clock.set(T0.plusSeconds(36));
        assertInvalid(Reason.EXPIRED, shortLived.verify(token, SESSION));
        assertThrows(IllegalArgumentException.class, () -> new WsTokens(key, clock, Duration.ZERO));
    }

    private static void assertInvalid(Reason expected, Verification result) {
        Verification.Invalid invalid = assertInstanceOf(Verification.Invalid.class, result);
        assertEquals(expected, invalid.reason(), invalid.detail());
    }

    private JWSHeader header(JWSAlgorithm alg) {
        return new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).keyID(key.kid()).build();
    }

    /** The claims {@link WsTokens#mint} would write at T0, then adjusted. */
    private static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> adjust) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .subject(SESSION)
                .claim(WsTokens.CLAIM_ORGANIZATION, ORG)
                .audience(WsTokens.AUDIENCE)
                .issuer(WsTokens.ISSUER)
                .jwtID("5b0c6f3e-2f7a-4c55-9d7e-1f2a3b4c5d6e")
                .issueTime(Date.from(T0))
                .notBeforeTime(Date.from(T0))
                .expirationTime(Date.from(T0.plusSeconds(120)));
        adjust.accept(builder);
        return builder.build();
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, String secret) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new MACSigner(bytes(secret)));
        return jwt.serialize();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
