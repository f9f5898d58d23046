package io.mgw.runtime.engine.nodes;

import io.mgw.adapters.frame.TranscriptFrame;
import io.mgw.runtime.engine.NodeContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** What "speaking" is for the built-in nodes: an assistant transcript frame, counted as TTS characters. */
final class Speech {

    static final String ASSISTANT = "assistant";

    private Speech() {
    }

    /** Emits {@code text} as a final transcript of {@code role} and counts it as spoken characters. */
    static void say(String text, NodeContext ctx) {
        say(text, ASSISTANT, ctx);
    }

    static void say(String text, String role, NodeContext ctx) {
        ctx.counters().addTtsChars(text.length());
        line(text, role, ctx);
    }

    /** Emits a transcript line that is not spoken (not counted), e.g. a menu's routing note. */
    static void line(String text, String role, NodeContext ctx) {
        ctx.send(new TranscriptFrame(0, role, text, true, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString()));
    }
}
