package io.mgw.adapters.provider;

import io.mgw.adapters.frame.ParseResult;
import io.mgw.adapters.frame.ProtocolError;
import io.mgw.adapters.provider.cloudonix.CloudonixCallControl;
import io.mgw.adapters.provider.cloudonix.CloudonixCodec;
import io.mgw.adapters.provider.exotel.ExotelCallControl;
import io.mgw.adapters.provider.exotel.ExotelCodec;
import io.mgw.adapters.provider.plivo.PlivoCallControl;
import io.mgw.adapters.provider.plivo.PlivoCodec;
import io.mgw.adapters.provider.telnyx.TelnyxCallControl;
import io.mgw.adapters.provider.telnyx.TelnyxCodec;
import io.mgw.adapters.provider.twilio.TwilioCallControl;
import io.mgw.adapters.provider.twilio.TwilioCodec;
import io.mgw.adapters.provider.vonage.VonageCallControl;
import io.mgw.adapters.provider.vonage.VonageCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The providers the gateway speaks, looked up by the name in the agent-stream path or
 * {@code ?provider=} (trimmed, case-insensitive). The gateway never branches on a provider name:
 * it asks this registry for a per-call codec and call handle. Immutable and thread-safe.
 */
public final class ProviderRegistry {

    private final Map<String, ProviderAdapter> adapters;

    /** A registry of the given adapters (names must be unique). */
    public ProviderRegistry(List<ProviderAdapter> adapters) {
        Map<String, ProviderAdapter> byName = new LinkedHashMap<>();
        for (ProviderAdapter adapter : adapters) {
            if (byName.put(adapter.id().name(), adapter) != null) {
                throw new IllegalArgumentException("duplicate provider " + adapter.id());
            }
        }
        this.adapters = Map.copyOf(byName);
    }

    /** Every built-in provider, its call control on {@code http}. Adding a provider = one line here. */
    public static ProviderRegistry withDefaults(ProviderHttpClient http) {
        return new ProviderRegistry(List.of(
                new ProviderAdapter(TwilioCodec.ID, TwilioCodec::new, new TwilioCallControl(http)),
                new ProviderAdapter(CloudonixCodec.ID, CloudonixCodec::new, new CloudonixCallControl(http)),
                new ProviderAdapter(TelnyxCodec.ID, TelnyxCodec::new, new TelnyxCallControl(http)),
                new ProviderAdapter(PlivoCodec.ID, PlivoCodec::new, new PlivoCallControl(http)),
                new ProviderAdapter(VonageCodec.ID, VonageCodec::new, new VonageCallControl(http)),
                new ProviderAdapter(ExotelCodec.ID, ExotelCodec::new, new ExotelCallControl(http))));
    }

    /**
     * The adapter for a provider name, or an {@link ProtocolError.Kind#UNSUPPORTED_PROVIDER} error
     * whose reason is {@code Unknown provider: <name>} (the gateway closes with 1008).
     */
    public ParseResult<ProviderAdapter> lookup(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        ProviderAdapter adapter = adapters.get(key);
        if (adapter != null) {
            return ParseResult.ok(adapter);
        }
        String shown = key.length() > 40 ? key.substring(0, 40) : key;
        return ParseResult.err(ProtocolError.of(ProtocolError.Kind.UNSUPPORTED_PROVIDER, "Unknown provider: " + shown));
    }

    /** A new per-call codec for a provider name, or the unsupported-provider error. */
    public ParseResult<ProviderCodec> newCodec(String name, CodecOptions options) {
        return lookup(name).map(adapter -> adapter.newCodec(options));
    }

    /** The registered provider names. */
    public Set<String> names() {
        return adapters.keySet();
    }
}
