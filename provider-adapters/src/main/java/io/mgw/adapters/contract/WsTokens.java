package io.mgw.adapters.contract;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The session WebSocket's {@code ws_token}: an HS256 JWT (Nimbus) minted by the control plane and
 * verified offline by the gateway at every connect and reconnect (DESIGN.md, "The session socket").
 *
 * <p>Claims: {@code sub} = session id, {@code org}, {@code aud} = {@value #AUDIENCE}, {@code iss} =
 * {@value #ISSUER}, a random {@code jti}, {@code iat}, {@code nbf}, {@code exp} (120 s by default).
 * Header: {@code alg} HS256, {@code typ} JWT, {@code kid}. Tokens are signed with one key and
 * verified against it plus any previous keys (rotation), looked up by {@code kid}.
 *
 * <p>{@link #verify} never throws on bad input and never echoes the token or a secret in its
 * detail; MAC comparison is Nimbus's (constant time). Thread-safe and immutable.
 */
public final class WsTokens {

    /** Claim: the session id (registered {@code sub}). */
    public static final String CLAIM_SESSION_ID = JWTClaimNames.SUBJECT;
    /** Claim: the organization id (private claim). */
    public static final String CLAIM_ORGANIZATION = "org";
    /** Claim: audience, always {@link #AUDIENCE}. */
    public static final String CLAIM_AUDIENCE = JWTClaimNames.AUDIENCE;
    /** Claim: issuer, always {@link #ISSUER}. */
    public static final String CLAIM_ISSUER = JWTClaimNames.ISSUER;
    /** Claim: unique token id. */
    public static final String CLAIM_TOKEN_ID = JWTClaimNames.JWT_ID;
    /** Claim: issued-at (epoch seconds). */
    public static final String CLAIM_ISSUED_AT = JWTClaimNames.ISSUED_AT;
    /** Claim: not-before (epoch seconds). */
    public static final String CLAIM_NOT_BEFORE = JWTClaimNames.NOT_BEFORE;
    /** Claim: expiry (epoch seconds). */
    public static final String CLAIM_EXPIRES = JWTClaimNames.EXPIRATION_TIME;

    /** The only accepted audience: the media gateway. */
    public static final String AUDIENCE = "media-gateway";
    /** The only accepted issuer: the control plane. */
    public static final String ISSUER = "mgw-control-plane";
    /** The query parameter that may carry the token instead of {@code Authorization: Bearer}. */
    public static final String QUERY_PARAMETER = "ws_token";

    /** Default lifetime (DESIGN.md: 120 s). */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(120);
    /** Default tolerance for clocks that disagree, applied to {@code exp}, {@code nbf} and {@code iat}. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(5);
    /** Longest accepted token text; anything longer is {@link Verification.Reason#MALFORMED}, unparsed. */
    public static final int MAX_TOKEN_CHARS = 4096;

    private static final Duration MAX_TTL = Duration.ofHours(24);
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Pattern PRINTABLE_ALG = Pattern.compile("[A-Za-z0-9+_-]{1,16}");

    private final WsTokenKey signingKey;
    private final JWSSigner signer;
    private final Map<String, JWSVerifier> verifiers;
    private final Clock clock;
    private final Duration ttl;
    private final Duration clockSkew;

    /** Signs with {@code secret} (UTF-8, at least 32 bytes; kid derived), system UTC clock, 120 s TTL. */
    public WsTokens(String secret) {
        this(WsTokenKey.fromSecret(secret), Clock.systemUTC(), DEFAULT_TTL);
    }

    /** Signs and verifies with one key. */
    public WsTokens(WsTokenKey signingKey, Clock clock, Duration ttl) {
        this(signingKey, List.of(), clock, ttl, DEFAULT_CLOCK_SKEW);
    }

    private WsTokens(WsTokenKey signingKey, List<WsTokenKey> previousKeys, Clock clock, Duration ttl,
            Duration clockSkew) {
        this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0 || ttl.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("ws_token TTL must be whole seconds in (0, 24h], got " + ttl);
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("ws_token clock skew must be in [0, 5m], got " + clockSkew);
        }
        List<WsTokenKey> all = new ArrayList<>();
        all.add(signingKey);
        all.addAll(previousKeys);
        Map<String, JWSVerifier> byKid = new LinkedHashMap<>();
        try {
            this.signer = new MACSigner(signingKey.secret());
            for (WsTokenKey key : all) {
                if (byKid.put(key.kid(), new MACVerifier(key.secret())) != null) {
                    throw new IllegalArgumentException("duplicate ws_token key id " + key.kid());
                }
            }
        } catch (JOSEException e) {
            // Unreachable: WsTokenKey already enforces the 256-bit minimum.
            throw new IllegalArgumentException("ws_token secret refused by the HMAC implementation");
        }
        this.verifiers = Map.copyOf(byKid);
    }

    /** A builder for rotation (previous keys) and a non-default clock skew. */
    public static Builder builder(WsTokenKey signingKey) {
        return new Builder(signingKey);
    }

    /** The kid of the signing key (shows in every minted header). */
    public String keyId() {
        return signingKey.kid();
    }

    /** Lifetime of minted tokens. */
    public Duration ttl() {
        return ttl;
    }

    /**
     * Mints a token for one session of one organization, valid from now for {@link #ttl()}.
     *
     * @throws IllegalArgumentException when an id is null or blank (a caller bug, not client input)
     */
    public String mint(String sessionId, String organizationId) {
        requireId(sessionId, "sessionId");
        requireId(organizationId, "organizationId");
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(JOSEObjectType.JWT)
                .keyID(signingKey.kid())
                .build();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(sessionId)
                .claim(CLAIM_ORGANIZATION, organizationId)
                .audience(AUDIENCE)
                .issuer(ISSUER)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 signing failed", e);
        }
        return jwt.serialize();
    }

    /**
     * Verifies a token presented for {@code expectedSessionId}. Checks, in order: presence, size and
     * compact form, {@code alg} = HS256 (so {@code none} and every other algorithm are refused before
     * any key is touched), known {@code kid}, signature, claims parse, audience, issuer, expiry,
     * not-before/issued-at, required claims, session.
     *
     * @param token the raw token (null or blank gives {@link Verification.Reason#MISSING})
     * @param expectedSessionId the session id of the request path; must not be null
     */
    public Verification verify(String token, String expectedSessionId) {
        Objects.requireNonNull(expectedSessionId, "expectedSessionId");
        try {
            return verifyChecked(token, expectedSessionId);
        } catch (RuntimeException e) {
            // Defensive: no input may escape as an exception (Nimbus parses untrusted JSON).
            return invalid(Verification.Reason.MALFORMED, "unreadable token");
        }
    }

    private Verification verifyChecked(String token, String expectedSessionId) {
        if (token == null || token.isBlank()) {
            return invalid(Verification.Reason.MISSING, "no token");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            return invalid(Verification.Reason.MALFORMED, "token longer than " + MAX_TOKEN_CHARS + " chars");
        }
        Map<String, Object> headerJson;
        try {
            Base64URL[] parts = JOSEObject.split(token);
            if (parts.length != 3) {
                return invalid(Verification.Reason.WRONG_ALGORITHM, "not a JWS (encrypted token)");
            }
            headerJson = JSONObjectUtils.parse(parts[0].decodeToString());
        } catch (ParseException e) {
            return invalid(Verification.Reason.MALFORMED, "not a compact JWT");
        }
        Object alg = headerJson.get("alg");
        if (!(alg instanceof String algName)) {
            return invalid(Verification.Reason.MALFORMED, "header has no alg");
        }
        if (!JWSAlgorithm.HS256.getName().equals(algName)) {
            String shown = PRINTABLE_ALG.matcher(algName).matches() ? algName : "(unprintable)";
            return invalid(Verification.Reason.WRONG_ALGORITHM, "alg " + shown + " is not HS256");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            return invalid(Verification.Reason.MALFORMED, "unreadable JWS header");
        }
        JOSEObjectType typ = jwt.getHeader().getType();
        if (typ != null && !JOSEObjectType.JWT.equals(typ)) {
            return invalid(Verification.Reason.MALFORMED, "typ is not JWT");
        }
        String kid = jwt.getHeader().getKeyID();
        JWSVerifier verifier = kid == null ? null : verifiers.get(kid);
        if (verifier == null) {
            return invalid(Verification.Reason.UNKNOWN_KEY, kid == null ? "header has no kid" : "kid not known");
        }
        try {
            if (!jwt.verify(verifier)) {
                return invalid(Verification.Reason.BAD_SIGNATURE, "signature does not match");
            }
        } catch (JOSEException e) {
            return invalid(Verification.Reason.BAD_SIGNATURE, "signature not verifiable");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return invalid(Verification.Reason.MALFORMED, "payload is not a claims set");
        }
        return checkClaims(claims, expectedSessionId);
    }

    private Verification checkClaims(JWTClaimsSet claims, String expectedSessionId) {
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(AUDIENCE)) {
            return invalid(Verification.Reason.WRONG_AUDIENCE, "aud is not " + AUDIENCE);
        }
        if (!ISSUER.equals(claims.getIssuer())) {
            return invalid(Verification.Reason.WRONG_ISSUER, "iss is not " + ISSUER);
        }
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            return invalid(Verification.Reason.MALFORMED, "missing exp");
        }
        Instant now = clock.instant();
        Instant expiresAt = exp.toInstant();
        if (!now.isBefore(expiresAt.plus(clockSkew))) {
            return invalid(Verification.Reason.EXPIRED, "expired at " + expiresAt);
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.isBefore(nbf.toInstant().minus(clockSkew))) {
            return invalid(Verification.Reason.NOT_YET_VALID, "not valid before " + nbf.toInstant());
        }
        Date iat = claims.getIssueTime();
        if (iat != null && now.isBefore(iat.toInstant().minus(clockSkew))) {
            return invalid(Verification.Reason.NOT_YET_VALID, "issued in the future at " + iat.toInstant());
        }
        String sessionId = claims.getSubject();
        String jti = claims.getJWTID();
        String org;
        try {
            org = claims.getStringClaim(CLAIM_ORGANIZATION);
        } catch (ParseException e) {
            return invalid(Verification.Reason.MALFORMED, "org is not a string");
        }
        if (sessionId == null || sessionId.isBlank() || org == null || org.isBlank() || jti == null || jti.isBlank()) {
            return invalid(Verification.Reason.MALFORMED, "missing sub, org or jti");
        }
        if (!sessionId.equals(expectedSessionId)) {
            return invalid(Verification.Reason.WRONG_SESSION, "token is for another session");
        }
        return new Verification.Valid(sessionId, org, jti, expiresAt);
    }

    private static Verification invalid(Verification.Reason reason, String detail) {
        return new Verification.Invalid(reason, detail);
    }

    private static void requireId(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    /** The outcome of {@link #verify}: {@link Valid} or {@link Invalid}, never an exception. */
    public sealed interface Verification permits Verification.Valid, Verification.Invalid {

        /** Why a token was refused; every reason is HTTP 401 at the session socket. */
        enum Reason {
            /** No token at all (null, empty or blank). */
            MISSING,
            /** Not a compact JWS, unreadable header or payload, missing required claims, too long. */
            MALFORMED,
            /** The HMAC does not match (other secret, or a tampered header or payload). */
            BAD_SIGNATURE,
            /** {@code alg} is not HS256: {@code none}, HS512, RS256, an encrypted token... */
            WRONG_ALGORITHM,
            /** {@code aud} does not contain {@value WsTokens#AUDIENCE}. */
            WRONG_AUDIENCE,
            /** {@code iss} is not {@value WsTokens#ISSUER}. */
            WRONG_ISSUER,
            /** Now is at or past {@code exp} plus the clock skew. */
            EXPIRED,
            /** Now is before {@code nbf} (or {@code iat}) minus the clock skew. */
            NOT_YET_VALID,
            /** A valid token, but for another session than the one being opened. */
            WRONG_SESSION,
            /** {@code kid} absent or not among the configured keys (e.g. a secret rotated away). */
            UNKNOWN_KEY
        }

        /** Whether the token was accepted. */
        default boolean isValid() {
            return this instanceof Valid;
        }

        /** An accepted token's facts. */
        record Valid(String sessionId, String organizationId, String jti, Instant expiresAt)
                implements Verification {
        }

        /** A refused token: the reason, and a detail safe to log (never the token or a secret). */
        record Invalid(Reason reason, String detail) implements Verification {
            /** Requires a reason. */
            public Invalid {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    /** Builds a {@link WsTokens} with previous keys for rotation or another clock skew. */
    public static final class Builder {
        private final WsTokenKey signingKey;
        private final List<WsTokenKey> previousKeys = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private Duration ttl = DEFAULT_TTL;
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;

        private Builder(WsTokenKey signingKey) {
            this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
        }

        /** Also accept tokens signed with this key (verification only), e.g. the secret before a rotation. */
        public Builder previousKey(WsTokenKey key) {
            previousKeys.add(Objects.requireNonNull(key, "key"));
            return this;
        }

        /** The clock for minting and verifying (tests inject a fixed or mutable clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Lifetime of minted tokens, whole seconds in (0, 24h]. */
        public Builder ttl(Duration ttl) {
            this.ttl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /** Tolerance for {@code exp}/{@code nbf}/{@code iat}, in [0, 5m]. */
        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
            return this;
        }

        /** Validates and builds. */
        public WsTokens build() {
            return new WsTokens(signingKey, List.copyOf(previousKeys), clock, ttl, clockSkew);
        }
    }
}
