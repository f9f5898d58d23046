package io.mgw.adapters.provider.vonage;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mgw.adapters.audio.AudioFormat;
import io.mgw.adapters.audio.Resampler;
import io.mgw.adapters.frame.AudioFrame;
import io.mgw.adapters.frame.ClearFrame;
import io.mgw.adapters.frame.DtmfFrame;
import io.mgw.adapters.frame.EndFrame;
import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.adapters.frame.JsonFields;
import io.mgw.adapters.frame.MarkFrame;
import io.mgw.adapters.frame.ProtocolError;
import io.mgw.adapters.frame.ProtocolErrorException;
import io.mgw.adapters.provider.CallAudioPath;
import io.mgw.adapters.provider.CallInfo;
import io.mgw.adapters.provider.CodecOptions;
import io.mgw.adapters.provider.DecodeResult;
import io.mgw.adapters.provider.EncodeResult;
import io.mgw.adapters.provider.OutboundMarks;
import io.mgw.adapters.provider.ProviderCodec;
import io.mgw.adapters.provider.ProviderId;
import io.mgw.adapters.provider.ProviderMessage;
import io.mgw.adapters.provider.vonage.VonageMessages.VonageConnectedMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vonage Voice API WebSocket: a text {@code websocket:connected} (its {@code content-type} gives
 * the L16 rate, other fields are the NCCO's custom headers), then binary PCM16 LE frames.
 * Vonage sometimes skips the text event: a binary frame first starts the stream at the rate of
 * {@code ?content-type=} or 16 kHz. DTMF, notify (mark) and cleared arrive as text events. There
 * is no stop event: the socket closing ends the call. The call id comes from a {@code call_uuid} or
 * {@code uuid} header or query parameter, when the NCCO passes one.
 */
public final class VonageCodec implements ProviderCodec {

    /** Registry name. */
    public static final ProviderId ID = new ProviderId("vonage");

    private static final Pattern RATE = Pattern.compile("rate=(\\d{4,6})");

    private final CodecOptions options;
    private final OutboundMarks marks = new OutboundMarks();
    private CallInfo call;
    private CallAudioPath audio;

    /** A codec for one call. */
    public VonageCodec(CodecOptions options) {
        this.options = options;
    }

    @Override
    public ProviderId provider() {
        return ID;
    }

    @Override
    public Optional<CallInfo> call() {
        return Optional.ofNullable(call);
    }

    @Override
    public Set<String> outstandingMarks() {
        return marks.snapshot();
    }

    @Override
    public DecodeResult decodeText(String message) {
        if (message == null || message.isEmpty()) {
            return DecodeResult.rejected(ProtocolError.of(ProtocolError.Kind.MALFORMED_JSON, "Empty message"));
        }
        if (message.length() > options.maxMessageBytes()) {
            return DecodeResult.rejected(ProtocolError.of(ProtocolError.Kind.OVERSIZE, "Message too large"));
        }
        try {
            JsonNode node = FrameJson.mapper().readTree(message);
            if (node == null || !node.isObject()) {
                return DecodeResult.rejected(
                        ProtocolError.of(ProtocolError.Kind.NOT_AN_OBJECT, "Message must be a JSON object"));
            }
            String event = JsonFields.requiredText(node, "event", "Missing event");
            if (call == null) {
                if (!"websocket:connected".equals(event)) {
                    return DecodeResult.rejected(
                            ProtocolError.of(ProtocolError.Kind.UNEXPECTED_MESSAGE, "Expected websocket:connected event"));
                }
                return start(node);
            }
            return switch (event) {
                case "websocket:dtmf" -> dtmf(node);
                case "websocket:notify" -> notified(node);
                case "websocket:cleared" -> new DecodeResult.Frames(marks.drainAsFrames());
                case "websocket:error" -> DecodeResult.none();
                case "websocket:connected" -> DecodeResult.rejected(
                        ProtocolError.of(ProtocolError.Kind.UNEXPECTED_MESSAGE, "Duplicate handshake event"));
                default -> DecodeResult.rejected(ProtocolError.of(ProtocolError.Kind.UNKNOWN_EVENT, "Unknown event"));
            };
        } catch (ProtocolErrorException e) {
            return DecodeResult.rejected(e.error());
        } catch (JacksonException e) {
            return DecodeResult.rejected(FrameJson.readError(e));
        } catch (RuntimeException e) {
            return DecodeResult.rejected(ProtocolError.of(ProtocolError.Kind.MALFORMED_JSON, "Malformed message"));
        }
    }

    @Override
    public DecodeResult decodeBinary(byte[] data, int offset, int length) {
        if (length > options.maxAudioBytes()) {
            return DecodeResult.rejected(ProtocolError.of(ProtocolError.Kind.OVERSIZE, "Audio frame too large"));
        }
        if (length % 2 != 0) {
            return DecodeResult.rejected(
                    ProtocolError.of(ProtocolError.Kind.INVALID_VALUE, "PCM16 audio must have an even length"));
        }
        try {
            if (call == null) {
                int rate = rateOf(options.queryValue("content-type"), 16_000);
                DecodeResult.Started started = begin(rate, Map.of());
                return new DecodeResult.Started(started.call(), List.of(audio.toPod(data, offset, length)));
            }
            return DecodeResult.of(audio.toPod(data, offset, length));
        } catch (ProtocolErrorException e) {
            return DecodeResult.rejected(e.error());
        }
    }

    private DecodeResult start(JsonNode node) {
        String contentType = JsonFields.optionalText(node, "content-type");
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("audio/l16")) {
            throw ProtocolError.of(ProtocolError.Kind.INVALID_VALUE, "Unsupported media encoding").toException();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> {
            String key = entry.getKey();
            if (!"event".equals(key) && !"content-type".equals(key)
                    && entry.getValue().isValueNode() && !entry.getValue().isNull()) {
                headers.put(key, entry.getValue().asText());
            }
        });
        VonageConnectedMessage wire = new VonageConnectedMessage(contentType, headers);
        return begin(rateOf(wire.contentType(), 16_000), wire.headers());
    }

    private DecodeResult.Started begin(int rate, Map<String, String> headers) {
        if (!Resampler.SUPPORTED_RATES.contains(rate)) {
            throw ProtocolError.of(ProtocolError.Kind.INVALID_VALUE, "Unsupported sample rate").toException();
        }
        String callId = firstOf(headers, "call_uuid", "uuid");
        String from = firstOf(headers, "from");
        String to = firstOf(headers, "to");
        AudioFormat format = AudioFormat.pcm16(rate);
        call = new CallInfo(ID, callId, callId, null, from, to, "inbound", format, headers, null);
        audio = new CallAudioPath(format, options.podFormat(), options.frameMs());
        return new DecodeResult.Started(call, List.of());
    }

    private String firstOf(Map<String, String> headers, String... keys) {
        for (String key : keys) {
            String value = headers.get(key);
            if (value == null) {
                value = options.queryValue(key);
            }
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static int rateOf(String contentType, int fallback) {
        if (contentType == null) {
            return fallback;
        }
        Matcher matcher = RATE.matcher(contentType);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : fallback;
    }

    private DecodeResult dtmf(JsonNode node) {
        JsonNode holder = node.has("digit") ? node : JsonFields.requiredObject(node, "dtmf", "Missing DTMF digit");
        String digit = JsonFields.requiredText(holder, "digit", "Missing DTMF digit");
        if (!DtmfFrame.isKeypadDigit(digit)) {
            throw ProtocolError.of(ProtocolError.Kind.INVALID_VALUE, "Invalid DTMF digit").toException();
        }
        long duration = JsonFields.lenientLong(holder, "duration", -1);
        return DecodeResult.of(new DtmfFrame(digit, duration < 0 ? null : (int) Math.min(duration, Integer.MAX_VALUE)));
    }

    private DecodeResult notified(JsonNode node) {
        JsonNode payload = JsonFields.requiredObject(node, "payload", "Missing notify payload");
        String name = JsonFields.requiredText(payload, "name", "Missing notify payload");
        return marks.acknowledge(name) ? DecodeResult.of(new MarkFrame(name)) : DecodeResult.none();
    }

    @Override
    public EncodeResult encode(Frame frame) {
        boolean streamFrame = frame instanceof AudioFrame || frame instanceof MarkFrame
                || frame instanceof ClearFrame || frame instanceof EndFrame;
        if (!streamFrame) {
            return frame instanceof DtmfFrame
                    ? new EncodeResult.Unsupported("vonage media streams carry no DTMF toward the caller")
                    : new EncodeResult.NotForProvider();
        }
        if (call == null) {
            return new EncodeResult.Unsupported("Stream not started");
        }
        List<ProviderMessage> out = new ArrayList<>(2);
        if (frame instanceof AudioFrame audioFrame) {
            audio.toProvider(audioFrame.data(), chunk -> out.add(new ProviderMessage.Binary(chunk)));
        } else if (frame instanceof MarkFrame mark) {
            flushTail(out);
            marks.sent(mark.name());
            out.add(ProviderMessage.json(VonageMessages.NotifyAction.of(mark.name())));
        } else if (frame instanceof ClearFrame) {
            audio.clearOutbound();
            out.add(ProviderMessage.json(VonageMessages.ClearAction.INSTANCE));
        } else {
            flushTail(out);
        }
        return EncodeResult.send(out);
    }

    private void flushTail(List<ProviderMessage> out) {
        byte[] tail = audio.flush();
        if (tail != null) {
            out.add(new ProviderMessage.Binary(tail));
        }
    }
}
