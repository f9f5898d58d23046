package io.mgw.adapters.provider.vonage;

import static io.mgw.adapters.provider.ProviderHttpClient.segment;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.mgw.adapters.provider.CallControlResult;
import io.mgw.adapters.provider.CallInfo;
import io.mgw.adapters.provider.ProviderCallControl;
import io.mgw.adapters.provider.ProviderCredentials;
import io.mgw.adapters.provider.ProviderHttpClient;
import io.mgw.adapters.provider.ProviderHttpClient.Request;
import io.mgw.adapters.provider.ProviderId;
import io.mgw.adapters.provider.TransferRequest;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Vonage Voice API with an application JWT (RS256, claims {@code application_id}, {@code iat},
 * {@code exp}, {@code jti}) signed by the application's private key: fetch the call to validate,
 * {@code PUT {"action":"hangup"}} (404 = already gone), {@code PUT} a transfer to an inline NCCO,
 * {@code PUT …/dtmf} to play digits.
 */
public final class VonageCallControl implements ProviderCallControl {

    /** Public API endpoint. */
    public static final String DEFAULT_BASE_URL = "https://api.nexmo.com";
    /** Lifetime of each signed request token. */
    public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

    private final ProviderHttpClient http;
    private final Clock clock;

    /** A client on the shared HTTP client. */
    public VonageCallControl(ProviderHttpClient http) {
        this(http, Clock.systemUTC());
    }

    /** A client with an explicit clock (tests). */
    public VonageCallControl(ProviderHttpClient http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    @Override
    public ProviderId provider() {
        return VonageCodec.ID;
    }

    @Override
    public CompletableFuture<CallControlResult> validateCall(CallInfo call, ProviderCredentials credentials) {
        return authorised(call, credentials, Request.get(callUri(call, credentials)), ProviderHttpClient::okIf2xx);
    }

    @Override
    public CompletableFuture<CallControlResult> hangup(CallInfo call, ProviderCredentials credentials) {
        return authorised(call, credentials,
                Request.json("PUT", callUri(call, credentials), VonageMessages.HangupAction.INSTANCE, true),
                response -> response.status() == 404
                        ? new CallControlResult.Ok(404)
                        : ProviderHttpClient.okIf2xx(response));
    }

    @Override
    public CompletableFuture<CallControlResult> transfer(CallInfo call, TransferRequest transfer,
            ProviderCredentials credentials) {
        return authorised(call, credentials,
                Request.json("PUT", callUri(call, credentials), VonageMessages.TransferAction.toPhone(transfer.to()), false),
                ProviderHttpClient::okIf2xx);
    }

    @Override
    public CompletableFuture<CallControlResult> sendDtmf(CallInfo call, String digits, Integer durationMs,
            ProviderCredentials credentials) {
        URI uri = URI.create(callUri(call, credentials) + "/dtmf");
        return authorised(call, credentials, Request.json("PUT", uri, new VonageMessages.DtmfAction(digits), false),
                ProviderHttpClient::okIf2xx);
    }

    private CompletableFuture<CallControlResult> authorised(CallInfo call, ProviderCredentials credentials,
            Request request, java.util.function.Function<ProviderHttpClient.Response, CallControlResult> classify) {
        if (call.callId().isEmpty() || credentials.accountId() == null || credentials.secret() == null) {
            return invalid("call uuid, application id and private key are required");
        }
        String token;
        try {
            token = applicationToken(credentials.accountId(), credentials.secret());
        } catch (GeneralSecurityException | JOSEException | IllegalArgumentException e) {
            return invalid("unusable private key");
        }
        return http.send(request.withBearer(token), classify);
    }

    /** A signed application JWT for one request. */
    String applicationToken(String applicationId, String privateKeyPem) throws GeneralSecurityException, JOSEException {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .claim("application_id", applicationId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(privateKey(privateKeyPem)));
        return jwt.serialize();
    }

    /** Reads a PKCS#8 PEM ({@code BEGIN PRIVATE KEY}) RSA key, the format Vonage issues. */
    static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        if (pem.contains("BEGIN RSA PRIVATE KEY")) {
            throw new GeneralSecurityException("PKCS#1 keys are not supported; convert to PKCS#8");
        }
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s+", "");
        byte[] der = Base64.getDecoder().decode(base64);
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static URI callUri(CallInfo call, ProviderCredentials credentials) {
        return URI.create(credentials.baseUrlOr(DEFAULT_BASE_URL) + "/v1/calls/" + segment(call.callId()));
    }

    private static CompletableFuture<CallControlResult> invalid(String detail) {
        return CompletableFuture.completedFuture(
                new CallControlResult.Failed(CallControlResult.Failure.INVALID_REQUEST, detail));
    }
}
