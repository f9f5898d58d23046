package io.mgw.adapters.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.mgw.adapters.frame.ParseResult;
import io.mgw.adapters.frame.ProtocolError;
import io.mgw.adapters.provider.cloudonix.CloudonixCodec;
import io.mgw.adapters.provider.exotel.ExotelCodec;
import io.mgw.adapters.provider.plivo.PlivoCodec;
import io.mgw.adapters.provider.telnyx.TelnyxCodec;
import io.mgw.adapters.provider.twilio.TwilioCodec;
import io.mgw.adapters.provider.vonage.VonageCodec;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {

    private final ProviderRegistry registry = ProviderRegistry.withDefaults(ProviderHttpClient.createDefault());

    @Test
    void everyProviderIsRegisteredByItsQueryName() {
        assertEquals(Set.of("twilio", "cloudonix", "telnyx", "plivo", "vonage", "exotel"), registry.names());
        assertInstanceOf(TwilioCodec.class, registry.newCodec("twilio", CodecOptions.defaults()).value());
        assertInstanceOf(CloudonixCodec.class, registry.newCodec(" Cloudonix ", CodecOptions.defaults()).value());
        assertInstanceOf(TelnyxCodec.class, registry.newCodec("TELNYX", CodecOptions.defaults()).value());
        assertInstanceOf(PlivoCodec.class, registry.newCodec("plivo", CodecOptions.defaults()).value());
        assertInstanceOf(VonageCodec.class, registry.newCodec("vonage", CodecOptions.defaults()).value());
        assertInstanceOf(ExotelCodec.class, registry.newCodec("exotel", CodecOptions.defaults()).value());
        for (String name : registry.names()) {
            assertEquals(name, registry.lookup(name).value().callControl().provider().name());
        }
    }

    @Test
    void unknownProviderIsATypedResult() {
        ParseResult<ProviderAdapter> result = registry.lookup("foo");
        assertEquals(ProtocolError.Kind.UNSUPPORTED_PROVIDER, result.error().kind());
        assertEquals("Unknown provider: foo", result.error().reason());
        assertEquals(ProtocolError.Kind.UNSUPPORTED_PROVIDER, registry.lookup(null).error().kind());
        assertEquals(ProtocolError.Kind.UNSUPPORTED_PROVIDER, registry.newCodec("", CodecOptions.defaults()).error().kind());
    }

    @Test
    void eachCallGetsItsOwnCodec() {
        ProviderCodec first = registry.newCodec("twilio", CodecOptions.defaults()).value();
        ProviderCodec second = registry.newCodec("twilio", CodecOptions.defaults()).value();
        first.decodeText("{\"event\":\"connected\"}");
        assertInstanceOf(DecodeResult.Rejected.class, second.decodeText("{\"event\":\"start\",\"start\":{}}"));
    }
}
