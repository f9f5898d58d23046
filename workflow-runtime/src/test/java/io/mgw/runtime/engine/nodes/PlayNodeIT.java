package io.mgw.runtime.engine.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mgw.runtime.testing.SessionClient;
import io.mgw.runtime.testing.StreamingHarness;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code play} in a real session: tones, WAV assets resampled to the session's format, pacing, barge-in, failures. */
class PlayNodeIT {

    static Path assets;
    static StreamingHarness pod;

    @BeforeAll
    static void start() throws Exception {
        assets = Files.createTempDirectory("play-assets");
        Files.write(assets.resolve("stereo-8k.wav"), wav(8_000, 2, 16, tone(8_000, 2, 600, 300)));
        Files.write(assets.resolve("eight-bit.wav"), wav(8_000, 1, 8, new byte[800]));
        Files.write(assets.resolve("cd.wav"), wav(44_100, 1, 16, new byte[4410]));
        pod = new StreamingHarness(Map.of("MGW_ASSETS_DIR", assets.toString()));
    }

    @AfterAll
    static void stop() {
        pod.close();
    }

    /** 16-bit sine samples, interleaved over {@code channels}. */
    static byte[] tone(int rate, int channels, int frequency, int millis) {
        int frames = rate * millis / 1000;
        ByteBuffer out = ByteBuffer.allocate(frames * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            short s = (short) (Math.sin(2 * Math.PI * frequency * i / rate) * 12_000);
            for (int c = 0; c < channels; c++) {
                out.putShort(s);
            }
        }
        return out.array();
    }

    static byte[] wav(int rate, int channels, int bits, byte[] data) {
        ByteBuffer out = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes()).putInt(36 + data.length).put("WAVE".getBytes());
        out.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        out.put("data".getBytes()).putInt(data.length).put(data);
        return out.array();
    }

    static int zeroCrossings(List<byte[]> pcm16) {
        int crossings = 0;
        short previous = 0;
        for (byte[] frame : pcm16) {
            ByteBuffer in = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
            while (in.remaining() >= 2) {
                short s = in.getShort();
                if ((previous < 0 && s >= 0) || (previous >= 0 && s < 0)) {
                    crossings++;
                }
                previous = s;
            }
        }
        return crossings;
    }

    /** Binary frames until the first JSON message, which is returned last in {@code frames}' companion. */
    static List<SessionClient.Message> audioUntilJson(SessionClient client, List<SessionClient.Message> frames) {
        while (true) {
            SessionClient.Message message = client.next();
            if (message.binary() == null) {
                if (message.isJson("metrics")) {
                    continue;
                }
                frames.add(message);
                return frames;
            }
            frames.add(message);
        }
    }

    @Test
    void aToneGoesOutPacedInTwentyMillisecondFramesThenTheGraphContinues() throws Exception {
        String deployment = pod.deploy("[{\"id\":\"beep\",\"type\":\"play\",\"config\":{\"tone\":440,\"durationMs\":400}},"
                + "{\"id\":\"after\",\"type\":\"say-text\",\"config\":{\"text\":\"after the tone\"}}]",
                "[{\"source\":\"beep\",\"target\":\"after\"}]");
        try (SessionClient client = pod.connect(StreamingHarness.sessionId(), deployment)) {
            List<SessionClient.Message> messages = audioUntilJson(client, new ArrayList<>());
            SessionClient.Message last = messages.remove(messages.size() - 1);
            assertEquals("after the tone", last.json().path("text").asText(), last.json().toString());
            assertEquals(20, messages.size(), "400 ms in 20 ms frames");
            messages.forEach(m -> assertEquals(640, m.binary().length, "PCM16 16 kHz: 640 bytes per 20 ms"));
            long spreadMillis = (messages.get(19).receivedNanos() - messages.get(0).receivedNanos()) / 1_000_000;
            assertTrue(spreadMillis >= 250, "frames are paced in real time, not sent in a burst: " + spreadMillis + " ms");
            int crossings = zeroCrossings(messages.stream().map(SessionClient.Message::binary).toList());
            assertTrue(crossings > 300 && crossings < 400, "a 440 Hz tone for 0.4 s crosses zero ~352 times: " + crossings);
        }
    }

    @Test
    void aStereoWavAssetIsMixedDownAndResampledToTheSessionRate() throws Exception {
        String deployment = pod.deploy("[{\"id\":\"prompt\",\"type\":\"play\",\"config\":{\"asset\":\"stereo-8k.wav\"}},"
                + "{\"id\":\"done\",\"type\":\"say-text\",\"config\":{\"text\":\"done\"}}]", "[{\"source\":\"prompt\",\"target\":\"done\"}]");
        try (SessionClient client = pod.connect(StreamingHarness.sessionId(), deployment)) {
            List<SessionClient.Message> messages = audioUntilJson(client, new ArrayList<>());
            messages.remove(messages.size() - 1);
            assertEquals(15, messages.size(), "300 ms of audio");
            messages.forEach(m -> assertEquals(640, m.binary().length));
            int crossings = zeroCrossings(messages.stream().map(SessionClient.Message::binary).toList());
            assertTrue(crossings > 330 && crossings < 390, "600 Hz for 0.3 s survives resampling: " + crossings);
        }
    }

    @Test
    void aBundledClasspathAssetPlays() throws Exception {
        String deployment = pod.deploy("[{\"id\":\"beep\",\"type\":\"play\",\"config\":{\"asset\":\"classpath:assets/beep.wav\"}},"
                + "{\"id\":\"done\",\"type\":\"say-text\",\"config\":{\"text\":\"done\"}}]", "[{\"source\":\"beep\",\"target\":\"done\"}]");
        try (SessionClient client = pod.connect(StreamingHarness.sessionId(), deployment)) {
            List<SessionClient.Message> messages = audioUntilJson(client, new ArrayList<>());
            assertEquals("done", messages.remove(messages.size() - 1).json().path("text").asText());
            assertEquals(5, messages.size(), "100 ms of 16 kHz audio");
        }
    }

    @Test
    void aMulawSessionGetsMulawFramesAtEightKilohertz() throws Exception {
        String menu = pod.deploy("[{\"id\":\"menu\",\"type\":\"dtmf-menu\"},"
                + "{\"id\":\"beep\",\"type\":\"play\",\"config\":{\"tone\":1000,\"durationMs\":200}}]",
                "[{\"source\":\"menu\",\"sourcePort\":\"1\",\"target\":\"beep\"}]");
        try (SessionClient client = pod.connect(StreamingHarness.sessionId(), menu)) {
            client.sendText("{\"type\":\"start\",\"audio\":{\"encoding\":\"mulaw\",\"sample_rate\":8000,\"channels\":1,"
                    + "\"frame_ms\":20}}");
            client.sendText("{\"type\":\"dtmf\",\"digit\":\"1\"}");
            assertEquals("system", client.nextJson("transcript").path("role").asText());
            List<byte[]> frames = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                frames.add(client.nextBinary());
            }
            frames.forEach(f -> assertEquals(160, f.length, "mu-law 8 kHz: 160 bytes per 20 ms"));
        }
    }

    /** Binary frames that arrive more than 200 ms after {@code since}, watching for 800 ms. */
    static int framesLaterThan(SessionClient client, long since) {
        int late = 0;
        long until = System.nanoTime() + 800_000_000L;
        for (SessionClient.Message m = client.poll(until); m != null; m = client.poll(until)) {
            if (m.binary() != null && m.receivedNanos() - since > 200_000_000L) {
                late++;
            }
        }
        return late;
    }

    @Test
    void callerSpeechOverThePromptStopsIt() throws Exception {
        String deployment = pod.deploy("[{\"id\":\"vad\",\"type\":\"vad\",\"config\":{\"minSpeechMs\":40}},"
                + "{\"id\":\"long\",\"type\":\"play\",\"config\":{\"tone\":300,\"durationMs\":10000}}]", "[]");
        try (SessionClient client = pod.connect(StreamingHarness.sessionId(), deployment)) {
            client.nextBinary();
            byte[] loud = tone(16_000, 1, 200, 20);
            for (int i = 0; i < 4; i++) {
                client.sendBinary(loud);
            }
            client.until(m -> m.isJson("clear"));
            assertEquals(0, framesLaterThan(client, System.nanoTime()), "no prompt audio 200 ms after the clear");
        }
    }

    @Test
    void aDigitStopsTheInterruptiblePromptButNotAnUninterruptibleOne() throws Exception {
        String stoppable = pod.deploy("[{\"id\":\"long\",\"type\":\"play\",\"config\":{\"tone\":300,\"durationMs\":10000}}]", "[]");
        try (SessionClient client = pod.connect(StreamingHarness.sessionId(), stoppable)) {
            client.nextBinary();
            client.sendText("{\"type\":\"dtmf\",\"digit\":\"5\"}");
            assertEquals(0, framesLaterThan(client, System.nanoTime()), "the digit stopped the prompt");
        }
        String fixed = pod.deploy("[{\"id\":\"long\",\"type\":\"play\",\"config\":{\"tone\":300,\"durationMs\":10000,"
                + "\"interruptible\":false}}]", "[]");
        try (SessionClient client = pod.connect(StreamingHarness.sessionId(), fixed)) {
            client.nextBinary();
            client.sendText("{\"type\":\"dtmf\",\"digit\":\"5\"}");
            assertTrue(framesLaterThan(client, System.nanoTime()) > 10, "an uninterruptible prompt plays on");
        }
    }

    @Test
    void missingAndUnsupportedAssetsAreNodeErrorsAndTheSessionGoesOn() throws Exception {
        String nodes = "[{\"id\":\"missing\",\"type\":\"play\",\"config\":{\"asset\":\"nope.wav\"}},"
                + "{\"id\":\"bits\",\"type\":\"play\",\"config\":{\"asset\":\"eight-bit.wav\"}},"
                + "{\"id\":\"rate\",\"type\":\"play\",\"config\":{\"asset\":\"cd.wav\"}},"
                + "{\"id\":\"outside\",\"type\":\"play\",\"config\":{\"asset\":\"../../etc/passwd\"}},"
                + "{\"id\":\"nothing\",\"type\":\"play\",\"config\":{}},"
                + "{\"id\":\"say\",\"type\":\"say-text\"}]";
        String deployment = pod.deploy(nodes, "[]");
        String sid = StreamingHarness.sessionId();
        try (SessionClient client = pod.connect(sid, deployment)) {
            Map<String, String> codes = new java.util.HashMap<>();
            for (int i = 0; i < 5; i++) {
                JsonNode error = client.nextJson("error");
                codes.put(error.path("node_id").asText(), error.path("code").asText());
            }
            assertEquals(Map.of("missing", "play.asset_not_found", "bits", "play.unsupported_format",
                    "rate", "play.unsupported_format", "outside", "node.config", "nothing", "node.config"), codes);
            client.sendText("{\"type\":\"inject\",\"text\":\"still talking\"}");
            assertEquals("still talking", client.nextJson("transcript").path("text").asText());
            JsonNode event = pod.awaitEvent(sid, "error", e -> "missing".equals(e.path("node_id").asText()));
            assertEquals("play.asset_not_found", event.path("code").asText());
        }
    }
}
