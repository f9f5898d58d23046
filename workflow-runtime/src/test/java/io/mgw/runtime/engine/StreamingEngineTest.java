package io.mgw.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.adapters.contract.DeploymentSpec;
import io.mgw.adapters.frame.ClearFrame;
import io.mgw.adapters.frame.ErrorFrame;
import io.mgw.adapters.frame.Frame;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.adapters.frame.InjectFrame;
import io.mgw.adapters.frame.TranscriptFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.mgw.runtime.config.NodeSecrets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine over small graphs, with a recording output instead of a socket. */
class StreamingEngineTest {

    /** Records what the engine sends; "playing" once audio went out. */
    static final class RecordingOutput implements SessionOutput {
        final List<Frame> frames = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        final List<String> handoffs = new ArrayList<>();
        int audioOut;

        @Override
        public void sendAudio(ByteBuf data, boolean json) {
            audioOut++;
        }

        @Override
        public void send(Frame frame) {
            frames.add(frame);
        }

        @Override
        public boolean playingAudio() {
            return audioOut > 0;
        }

        @Override
        public void nodeFailed(String nodeId, String code, String message) {
            errors.add(nodeId + " " + code);
            frames.add(new ErrorFrame(0, code, message, nodeId));
        }

        @Override
        public void handoff(String fromAgent, String toAgent, String reason, Instant startedAt, Instant completedAt) {
            handoffs.add(fromAgent + "->" + toAgent);
        }
    }

    /** These tests drive the engine from the test thread and schedule nothing; the executor is never used. */
    static final ScheduledExecutorService EXECUTOR = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "engine-test");
        t.setDaemon(true);
        return t;
    });

    static StreamingEngine engine(String nodes, String connections, RecordingOutput out, SessionCounters counters)
            throws Exception {
        var spec = new DeploymentSpec("dep_t", "org_t", "wf_t", "streaming", FrameJson.mapper().readTree(nodes),
                FrameJson.mapper().readTree(connections), null, null);
        return new StreamingEngine(StreamingGraph.of(spec), new NodeFactory(new NodeServices(null, Path.of("."),
                NodeSecrets.none())), out, counters, new SessionState("sess_t", "dep_t", "org_t"), EXECUTOR);
    }

    static ByteBuf tone(int samples, short amplitude) {
        ByteBuf buf = Unpooled.buffer(samples * 2);
        for (int i = 0; i < samples; i++) {
            buf.writeShortLE(i % 2 == 0 ? amplitude : -amplitude);
        }
        return buf;
    }

    @Test
    void sayTextCountsSpokenCharacters() throws Exception {
        var out = new RecordingOutput();
        var counters = new SessionCounters();
        var engine = engine("[{\"id\":\"s\",\"type\":\"say-text\"}]", "[]", out, counters);

        engine.frame(new InjectFrame("hello", null));

        TranscriptFrame transcript = assertInstanceOf(TranscriptFrame.class, out.frames.get(0));
        assertEquals("assistant", transcript.role());
        assertEquals("hello", transcript.text());
        assertEquals(5, counters.ttsChars());
    }

    @Test
    void unknownNodeTypesPassFramesThrough() throws Exception {
        var out = new RecordingOutput();
        var engine = engine("[{\"id\":\"x\",\"type\":\"transform\"},{\"id\":\"s\",\"type\":\"say-text\"}]",
                "[{\"source\":\"x\",\"target\":\"s\"}]", out, new SessionCounters());

        engine.frame(new InjectFrame("through", null));

        assertEquals("through", ((TranscriptFrame) out.frames.get(0)).text());
    }

    @Test
    void vadClearsWhenSpeechStartsOverPlaybackAndCountsTheBargeIn() throws Exception {
        var out = new RecordingOutput();
        var counters = new SessionCounters();
        var engine = engine("[{\"id\":\"v\",\"type\":\"vad\",\"config\":{\"minSpeechMs\":40}},{\"id\":\"e\",\"type\":\"echo\"}]",
                "[{\"source\":\"v\",\"target\":\"e\"}]", out, counters);
        ByteBuf quiet = tone(320, (short) 10);
        ByteBuf loud = tone(320, (short) 8000);
        try {
            engine.audio(quiet, false);
            assertTrue(out.frames.isEmpty());
            engine.audio(loud, false);
            engine.audio(loud, false);
            assertInstanceOf(ClearFrame.class, out.frames.get(0));
            assertEquals(1, counters.bargeIns());
            assertEquals(3, out.audioOut);
        } finally {
            quiet.release();
            loud.release();
        }
    }

    @Test
    void aThrowingNodeIsReportedAndTheNextFrameStillFlows() throws Exception {
        var out = new RecordingOutput();
        var engine = engine("[{\"id\":\"v\",\"type\":\"vad\"},{\"id\":\"e\",\"type\":\"echo\"}]",
                "[{\"source\":\"v\",\"target\":\"e\"}]", out, new SessionCounters());
        ByteBuf odd = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
        ByteBuf good = tone(320, (short) 10);
        try {
            engine.audio(odd, false);
            assertEquals(List.of("v node.failed"), out.errors);
            assertEquals(0, out.audioOut);
            engine.audio(good, false);
            assertEquals(1, out.audioOut);
        } finally {
            odd.release();
            good.release();
        }
    }

    @Test
    void badNodeConfigIsANodeErrorAndTheNodePassesThrough() throws Exception {
        var out = new RecordingOutput();
        engine("[{\"id\":\"v\",\"type\":\"vad\",\"config\":{\"bargeIn\":\"yes\"}}]", "[]", out, new SessionCounters());

        assertEquals(List.of("v node.config"), out.errors);
    }

    @Test
    void aCycleIsCutAndReported() throws Exception {
        var out = new RecordingOutput();
        var engine = engine("[{\"id\":\"a\",\"type\":\"log\"},{\"id\":\"b\",\"type\":\"log\"},{\"id\":\"r\",\"type\":\"log\"}]",
                "[{\"source\":\"r\",\"target\":\"a\"},{\"source\":\"a\",\"target\":\"b\"},{\"source\":\"b\",\"target\":\"a\"}]",
                out, new SessionCounters());

        engine.frame(new InjectFrame("loop", null));

        assertTrue(out.errors.stream().anyMatch(e -> e.endsWith("graph.cycle")), out.errors.toString());
    }
}
