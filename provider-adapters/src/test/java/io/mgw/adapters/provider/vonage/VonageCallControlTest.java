package io.mgw.adapters.provider.vonage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.mgw.adapters.audio.AudioFormat;
import io.mgw.adapters.provider.CallControlResult;
import io.mgw.adapters.provider.CallInfo;
import io.mgw.adapters.provider.FakeProviderApi;
import io.mgw.adapters.provider.ProviderCredentials;
import io.mgw.adapters.provider.ProviderHttpClient;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VonageCallControlTest {

    @Test
    void hangupAndDigitsPutWithASignedApplicationJwt() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        CallInfo call = new CallInfo(VonageCodec.ID, "U1", "U1", null, null, null, null, AudioFormat.PCM16_16K, null, null);
        try (FakeProviderApi api = new FakeProviderApi(null)) {
            api.on("PUT /v1/calls/U1", 204, "");
            VonageCallControl control = new VonageCallControl(ProviderHttpClient.createDefault());
            ProviderCredentials credentials = ProviderCredentials.account(api.baseUrl(), "app-1", pem);
            assertEquals(new CallControlResult.Ok(204), control.hangup(call, credentials).get(10, TimeUnit.SECONDS));
            FakeProviderApi.Recorded request = api.requests().get(0);
            assertEquals("{\"action\":\"hangup\"}", request.body());
            SignedJWT jwt = SignedJWT.parse(request.authorization().substring("Bearer ".length()));
            assertTrue(jwt.verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic())));
            assertEquals("app-1", jwt.getJWTClaimsSet().getStringClaim("application_id"));
            assertTrue(jwt.getJWTClaimsSet().getExpirationTime().after(jwt.getJWTClaimsSet().getIssueTime()));
            api.on("PUT /v1/calls/U1/dtmf", 200, "{}");
            assertTrue(control.sendDtmf(call, "5", null, credentials).get(10, TimeUnit.SECONDS).isOk());
            assertEquals("{\"digits\":\"5\"}", api.requests().get(1).body());
            assertTrue(SignedJWT.parse(api.requests().get(1).authorization().substring("Bearer ".length()))
                    .verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic())));
            CallControlResult bad = control.hangup(call, ProviderCredentials.account(api.baseUrl(), "app-1", "not a key"))
                    .get(10, TimeUnit.SECONDS);
            assertEquals(CallControlResult.Failure.INVALID_REQUEST, ((CallControlResult.Failed) bad).failure());
        }
    }
}
