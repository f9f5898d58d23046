package io.mgw.gateway.agentstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.adapters.provider.ProviderMessage;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pacer's media clock on a real (embedded) Netty channel: what goes out at once, and what waits for the clock. */
class OutboundPacerTest {

    private EmbeddedChannel channel;
    private ChannelHandlerContext ctx;
    private OutboundPacer pacer;

    @BeforeEach
    void start() {
        List<ChannelHandlerContext> captured = new ArrayList<>();
        channel = new EmbeddedChannel(new ChannelHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                captured.add(ctx);
            }
        });
        ctx = captured.get(0);
        pacer = new OutboundPacer(ctx, 20);
        pacer.start();
    }

    @AfterEach
    void stop() {
        pacer.stop();
        channel.finishAndReleaseAll();
    }

    private static List<ProviderMessage> frames(int count) {
        return Collections.nCopies(count, new ProviderMessage.Binary(new byte[160]));
    }

    private int sent() {
        int n = 0;
        while (channel.readOutbound() != null) {
            n++;
        }
        return n;
    }

    /** A second of audio arriving in real time, each frame sent as it comes. */
    private void steadySecond() throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            pacer.audio(frames(1));
            Thread.sleep(20);
            channel.runScheduledPendingTasks();
        }
        sent();
    }

    @Test
    void aBurstAtTheStartPlaysOutInRealTime() {
        pacer.audio(frames(50));
        int atOnce = sent();
        assertTrue(atOnce >= 1 && atOnce <= 2, "one frame ahead of real time at most: " + atOnce);
    }

    @Test
    void aStalledPodCatchesUpSoTheStallLeavesNoStandingDelay() throws InterruptedException {
        steadySecond();
        Thread.sleep(800); // the pod stalls; its audio of those 800 ms arrives at once afterwards
        pacer.audio(frames(40));
        int atOnce = sent();
        assertTrue(atOnce >= 38, "the 800 ms the provider already played as silence are made up at once: " + atOnce);
    }

    /** A pacer for a call whose provider start came {@code millisAgo} before the pod was connected. */
    private OutboundPacer startedAgo(long millisAgo) {
        pacer.stop();
        pacer = new OutboundPacer(ctx, 20);
        pacer.start(System.nanoTime() - millisAgo * 1_000_000);
        return pacer;
    }

    @Test
    void theEchoOfWhatTheCallerSaidWhileThePodConnectedGoesOutAtOnce() {
        // 600 ms from the provider's start to a live pod: the 30 frames held meanwhile come back in one burst.
        startedAgo(600).audio(frames(30));
        assertTrue(sent() >= 29, "the wait is made up, not kept as a standing delay for the rest of the call");
    }

    @Test
    void aPodsFirstAudioLongAfterTheStartIsPacedFromItsFirstFrame() {
        startedAgo(OutboundPacer.HICCUP_MILLIS + 500).audio(frames(30));
        int atOnce = sent();
        assertTrue(atOnce >= 1 && atOnce <= 2, "a greeting after a long setup gets no credit: " + atOnce);
    }

    @Test
    void audioAfterALongSilenceIsPacedFromItsFirstFrame() throws InterruptedException {
        steadySecond();
        Thread.sleep(OutboundPacer.HICCUP_MILLIS + 200);
        pacer.audio(frames(40));
        int atOnce = sent();
        assertTrue(atOnce >= 1 && atOnce <= 2, "a new utterance gets no credit: " + atOnce);
    }

    @Test
    void aClearGoesOutAtOnceAndDropsTheQueuedAudio() throws InterruptedException {
        pacer.audio(frames(50));
        sent();
        ProviderMessage clear = new ProviderMessage.Text("{\"event\":\"clear\"}");
        pacer.clear(List.of(clear));
        assertEquals(clear, channel.readOutbound());
        Thread.sleep(100);
        channel.runScheduledPendingTasks();
        assertEquals(0, sent(), "nothing queued before the clear is sent after it");
    }
}
