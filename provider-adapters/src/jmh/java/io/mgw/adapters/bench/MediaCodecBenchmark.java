package io.mgw.adapters.bench;

import io.mgw.adapters.frame.AudioFrame;
import io.mgw.adapters.provider.CodecOptions;
import io.mgw.adapters.provider.DecodeResult;
import io.mgw.adapters.provider.EncodeResult;
import io.mgw.adapters.provider.twilio.TwilioCodec;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Twilio-style media frames through the codec, one thread: decode = JSON + base64 + mu-law to
 * PCM16 (+ resampling when the pod runs at 16 kHz); encode = PCM16 to mu-law + base64 + JSON.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MediaCodecBenchmark {

    /** Pod sample rate: 8000 = no resampling, 16000 = the default pod format. */
    @Param({"8000", "16000"})
    public int podRate;

    private TwilioCodec codec;
    private String mediaMessage;
    private AudioFrame podFrame;

    /** Starts a call and prepares one 20 ms frame each way. */
    @Setup
    public void setUp() {
        codec = new TwilioCodec(CodecOptions.defaults().withPodRate(podRate));
        codec.decodeText("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
        codec.decodeText("{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"MZ18ad3ab5a668481ce02b83e7395059f0\","
                + "\"start\":{\"streamSid\":\"MZ18ad3ab5a668481ce02b83e7395059f0\",\"accountSid\":\"AC00000000000000000000000000000000\","
                + "\"callSid\":\"CA00000000000000000000000000000000\",\"tracks\":[\"inbound\"],\"customParameters\":{},"
                + "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}}}");
        byte[] mulaw = new byte[160];
        for (int i = 0; i < mulaw.length; i++) {
            mulaw[i] = (byte) (i * 31 + 7);
        }
        mediaMessage = "{\"event\":\"media\",\"sequenceNumber\":\"4\",\"streamSid\":\"MZ18ad3ab5a668481ce02b83e7395059f0\","
                + "\"media\":{\"track\":\"inbound\",\"chunk\":\"3\",\"timestamp\":\"40\",\"payload\":\""
                + Base64.getEncoder().encodeToString(mulaw) + "\"}}";
        byte[] pcm = new byte[podRate / 50 * 2];
        for (int i = 0; i < pcm.length; i += 2) {
            short sample = (short) (8000 * Math.sin(i * 0.05));
            pcm[i] = (byte) sample;
            pcm[i + 1] = (byte) (sample >> 8);
        }
        podFrame = new AudioFrame(pcm);
    }

    /** One inbound media message to one canonical audio frame. */
    @Benchmark
    public DecodeResult decodeMedia() {
        return codec.decodeText(mediaMessage);
    }

    /** One 20 ms canonical audio frame to one outbound media message. */
    @Benchmark
    public EncodeResult encodeMedia() {
        return codec.encode(podFrame);
    }
}
