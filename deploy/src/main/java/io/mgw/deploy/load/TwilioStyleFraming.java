package io.mgw.deploy.load;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * A SIP gateway streaming Twilio Media Streams framing (Twilio itself, and Cloudonix, which adds {@code session} and
 * carries its domain in {@code accountSid}): {@code connected}, {@code start}, then a {@code media} event per 20 ms
 * (160 bytes of mu-law, base64), a DTMF event now and then, marks echoed back as a provider does once they played,
 * and {@code stop}. Audio comes back transcoded, so a round trip pairs the k-th media event received with the k-th
 * sent (the echo keeps order and count; a lost frame shows in the loss figure).
 */
final class TwilioStyleFraming implements Framing {

    private static final String PAYLOAD;

    static {
        byte[] mulaw = new byte[160];
        Arrays.fill(mulaw, (byte) 0xFF); // mu-law silence
        PAYLOAD = Base64.getEncoder().encodeToString(mulaw);
    }

    private final boolean cloudonix;

    TwilioStyleFraming(boolean cloudonix) {
        this.cloudonix = cloudonix;
    }

    @Override
    public void open(LoadCall call) {
        call.send(new TextWebSocketFrame("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}"));
        call.send(new TextWebSocketFrame("{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"" + call.streamId
                + "\",\"start\":{\"streamSid\":\"" + call.streamId + "\",\"accountSid\":\"" + call.account
                + "\",\"callSid\":\"" + call.callId + "\"" + (cloudonix ? ",\"session\":\"" + call.callId + "-s\"" : "")
                + ",\"from\":\"+15550000001\",\"to\":\"+15550000002\",\"tracks\":[\"inbound\"],\"customParameters\":{},"
                + "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}}}"));
        call.providerSeq = 1;
    }

    @Override
    public WebSocketFrame audio(LoadCall call, ByteBufAllocator alloc, long index, long nowNanos) {
        call.sentAt.add(nowNanos);
        return new TextWebSocketFrame("{\"event\":\"media\",\"sequenceNumber\":\"" + (++call.providerSeq) + "\",\"streamSid\":\""
                + call.streamId + "\",\"media\":{\"track\":\"inbound\",\"chunk\":\"" + index + "\",\"timestamp\":\""
                + (index - 1) * 20 + "\",\"payload\":\"" + PAYLOAD + "\"}}");
    }

    @Override
    public WebSocketFrame json(LoadCall call, long index) {
        return new TextWebSocketFrame("{\"event\":\"dtmf\",\"sequenceNumber\":\"" + (++call.providerSeq) + "\",\"streamSid\":\""
                + call.streamId + "\",\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"" + (index / 50 % 10) + "\"}}");
    }

    @Override
    public void received(LoadCall call, WebSocketFrame frame, long nowNanos) {
        if (!(frame instanceof TextWebSocketFrame)) {
            return;
        }
        String text = frame.content().toString(StandardCharsets.UTF_8);
        if (text.contains("\"event\":\"media\"")) {
            Long sent = call.sentAt.poll();
            if (sent != null) {
                call.stats.latency.record((nowNanos - sent) / 1000, nowNanos);
            }
            call.stats.audioReceived.increment();
        } else if (text.contains("\"event\":\"mark\"")) {
            call.stats.jsonReceived.increment();
            call.send(new TextWebSocketFrame(text)); // played at once: a provider echoes a mark when its audio played
        } else {
            call.stats.jsonReceived.increment();
        }
    }

    @Override
    public WebSocketFrame stop(LoadCall call) {
        return new TextWebSocketFrame("{\"event\":\"stop\",\"sequenceNumber\":\"" + (++call.providerSeq) + "\",\"streamSid\":\""
                + call.streamId + "\",\"stop\":{\"accountSid\":\"" + call.account + "\",\"callSid\":\"" + call.callId + "\"}}");
    }
}
