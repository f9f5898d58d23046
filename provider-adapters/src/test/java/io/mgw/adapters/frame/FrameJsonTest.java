package io.mgw.adapters.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mgw.adapters.audio.AudioEncoding;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FrameJsonTest {

    /** Every example of frames.md, verbatim; each must parse and write back to the same JSON. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"start\",\"session_id\":\"sess_k2v9q4m7x1c8\",\"call\":{\"provider\":\"cloudonix\",\"call_id\":\"S1\",\"stream_id\":\"MZ1\",\"from\":\"+15551230001\",\"to\":\"+15551230002\",\"direction\":\"inbound\",\"custom\":{\"crm_id\":\"42\"}},\"audio\":{\"encoding\":\"pcm16\",\"sample_rate\":16000,\"channels\":1,\"frame_ms\":20}}",
        "{\"type\":\"dtmf\",\"digit\":\"5\",\"duration_ms\":200}",
        "{\"type\":\"mark\",\"name\":\"utt-12\"}",
        "{\"type\":\"inject\",\"text\":\"Please ask for the account number.\",\"role\":\"system\"}",
        "{\"type\":\"stop\",\"reason\":\"caller-hangup\"}",
        "{\"type\":\"clear\"}",
        "{\"type\":\"transcript\",\"seq\":17,\"role\":\"user\",\"text\":\"I'd like to check my balance.\",\"final\":true,\"emitted_at\":\"2026-05-16T09:30:05Z\"}",
        "{\"type\":\"tool_call\",\"seq\":18,\"id\":\"tc_1\",\"name\":\"lookup_account\",\"arguments\":{\"phone\":\"+15551230001\"}}",
        "{\"type\":\"tool_result\",\"seq\":19,\"id\":\"tc_1\",\"result\":{\"balance\":\"12.50\"}}",
        "{\"type\":\"handoff\",\"seq\":20,\"from_agent\":\"triage\",\"to_agent\":\"billing\",\"reason\":\"billing question\"}",
        "{\"type\":\"metrics\",\"seq\":21,\"window_start\":\"...\",\"window_end\":\"...\",\"asr_words\":18,\"tts_chars\":64,\"barge_in_count\":0}",
        "{\"type\":\"error\",\"seq\":22,\"code\":\"stt.timeout\",\"message\":\"STT call exceeded watchdog\",\"node_id\":\"stt-1\"}",
        "{\"type\":\"disposition\",\"seq\":23,\"schema_version\":\"v1\",\"fields\":{\"outcome\":\"resolved\"}}",
        "{\"type\":\"hangup\",\"reason\":\"completed\"}",
        "{\"type\":\"transfer\",\"to\":\"+15551239999\",\"reason\":\"escalation\"}",
        "{\"type\":\"end\",\"seq\":24,\"reason\":\"completed\"}",
        "{\"type\":\"resumed\",\"last_seq\":23}",
        "{\"type\":\"resume_gap\",\"from_seq\":12,\"first_available_seq\":40,\"epoch\":\"e7c1\"}",
        "{\"type\":\"audio\",\"data\":\"AAEC/w==\"}"
    })
    void referenceExamplesRoundTripExactly(String json) throws Exception {
        ParseResult<Frame> parsed = FrameJson.parse(json);
        assertTrue(parsed.isOk(), () -> "refused: " + parsed.error());
        JsonNode expected = FrameJson.mapper().readTree(json);
        JsonNode written = FrameJson.mapper().readTree(FrameJson.write(parsed.value()));
        assertEquals(expected, written);
        assertEquals(parsed.value(), FrameJson.parse(FrameJson.write(parsed.value())).value());
    }

    @Test
    void parsesTypedRecords() {
        TranscriptFrame transcript = (TranscriptFrame) FrameJson.parse(
                "{\"type\":\"transcript\",\"seq\":17,\"role\":\"user\",\"text\":\"hi\",\"final\":true,\"extra\":1}").value();
        assertEquals(new TranscriptFrame(17, "user", "hi", true, null), transcript);
        StartFrame start = (StartFrame) FrameJson.parse(
                "{\"type\":\"start\",\"audio\":{\"encoding\":\"mulaw\",\"sample_rate\":8000,\"channels\":1,\"frame_ms\":20}}").value();
        assertEquals(AudioEncoding.MULAW, start.audio().encoding());
        assertEquals(Map.of(), start.call() == null ? Map.of() : start.call().custom());
        assertEquals(new DtmfFrame("A", null), FrameJson.parse("{\"type\":\"dtmf\",\"digit\":\"a\"}").value());
    }

    @Test
    void sequencedFramesCarrySeqFirstAfterType() {
        String json = FrameJson.write(new EndFrame(24, "completed"));
        assertEquals("{\"type\":\"end\",\"seq\":24,\"reason\":\"completed\"}", json);
        assertEquals(25, new EndFrame(24, "x").withSeq(25).seq());
    }

    @Test
    void binaryAudioIsTheRawBytes() {
        byte[] pcm = {1, 2, 3, 4};
        AudioFrame frame = FrameJson.parseBinary(pcm);
        assertArrayEquals(pcm, FrameJson.toBinary(frame));
        assertEquals("{\"type\":\"audio\",\"data\":\"AQIDBA==\"}", FrameJson.write(frame));
        assertEquals(frame, FrameJson.parse("{\"type\":\"audio\",\"data\":\"AQIDBA==\"}").value());
    }

    @Test
    void malformedInputGivesTypedErrors() {
        assertError("not json", ProtocolError.Kind.MALFORMED_JSON);
        assertError("{\"type\":\"mark\",", ProtocolError.Kind.MALFORMED_JSON);
        assertError("[1,2]", ProtocolError.Kind.NOT_AN_OBJECT);
        assertError("\"text\"", ProtocolError.Kind.NOT_AN_OBJECT);
        assertError("{\"name\":\"x\"}", ProtocolError.Kind.MISSING_FIELD);
        assertError("{\"type\":7}", ProtocolError.Kind.WRONG_TYPE);
        assertError("{\"type\":\"bogus\"}", ProtocolError.Kind.UNKNOWN_TYPE);
        assertError("{\"type\":\"mark\"}", ProtocolError.Kind.MISSING_FIELD);
        assertError("{\"type\":\"mark\",\"name\":\"   \"}", ProtocolError.Kind.MISSING_FIELD);
        assertError("{\"type\":\"mark\",\"name\":5}", ProtocolError.Kind.WRONG_TYPE);
        assertError("{\"type\":\"transcript\",\"role\":\"user\",\"text\":\"x\"}", ProtocolError.Kind.MISSING_FIELD);
        assertError("{\"type\":\"transcript\",\"seq\":\"17\",\"role\":\"user\",\"text\":\"x\"}", ProtocolError.Kind.WRONG_TYPE);
        assertError("{\"type\":\"transcript\",\"seq\":1.5,\"role\":\"user\",\"text\":\"x\"}", ProtocolError.Kind.WRONG_TYPE);
        assertError("{\"type\":\"transcript\",\"seq\":-1,\"role\":\"user\",\"text\":\"x\"}", ProtocolError.Kind.INVALID_VALUE);
        assertError("{\"type\":\"transcript\",\"seq\":1,\"role\":\"user\",\"text\":\"x\",\"final\":\"yes\"}",
                ProtocolError.Kind.WRONG_TYPE);
        assertError("{\"type\":\"dtmf\",\"digit\":\"X\"}", ProtocolError.Kind.INVALID_VALUE);
        assertError("{\"type\":\"dtmf\",\"digit\":\"5\",\"duration_ms\":\"200\"}", ProtocolError.Kind.WRONG_TYPE);
        assertError("{\"type\":\"audio\",\"data\":\"@@@\"}", ProtocolError.Kind.INVALID_BASE64);
        assertError("{\"type\":\"audio\"}", ProtocolError.Kind.MISSING_FIELD);
        assertError("{\"type\":\"tool_call\",\"seq\":1,\"id\":\"t\",\"name\":\"n\",\"arguments\":[1]}", ProtocolError.Kind.WRONG_TYPE);
        assertError("{\"type\":\"start\",\"audio\":{\"encoding\":\"opus\"}}", ProtocolError.Kind.INVALID_VALUE);
        assertError("{\"type\":\"transfer\"}", ProtocolError.Kind.MISSING_FIELD);
        assertError("{\"type\":\"mark\",\"name\":\"" + "x".repeat(FrameJson.DEFAULT_MAX_FRAME_SIZE) + "\"}",
                ProtocolError.Kind.OVERSIZE);
        assertError("[".repeat(200) + "]".repeat(200), ProtocolError.Kind.OVERSIZE);
    }

    @Test
    void errorReasonNamesTheField() {
        assertEquals("Missing field name", FrameJson.parse("{\"type\":\"mark\"}").error().reason());
        assertTrue(FrameJson.parse("{\"type\":\"transcript\",\"seq\":\"1\",\"role\":\"u\",\"text\":\"\"}")
                .error().reason().contains("seq"));
    }

    @Test
    void randomGarbageNeverThrows() {
        Random random = new Random(42);
        String alphabet = "{}[]\":,0123456789abcdeftypemarkseq -.\\u";
        for (int i = 0; i < 5_000; i++) {
            StringBuilder text = new StringBuilder("{\"type\":\"");
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            ParseResult<Frame> result = FrameJson.parse(text.toString());
            assertTrue(result.isOk() || result.error() != null);
        }
        byte[] utf8 = "{\"type\":\"clear\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertInstanceOf(ClearFrame.class, FrameJson.parse(utf8, 0, utf8.length).value());
    }

    private static void assertError(String json, ProtocolError.Kind kind) {
        ParseResult<Frame> result = FrameJson.parse(json);
        assertInstanceOf(ParseResult.Err.class, result, () -> "accepted: " + json);
        assertEquals(kind, result.error().kind(), () -> json + " -> " + result.error());
    }
}
