package io.mgw.adapters.contract.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.adapters.frame.FrameJson;
import io.mgw.adapters.frame.ProtocolError;
import io.mgw.adapters.frame.ProtocolErrorException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    private static final Instant AT = Instant.parse("2026-05-16T09:30:05.123456Z");
    private static final String COMMON_JSON = "\"type\":\"%s\",\"org\":\"org_1\",\"session_id\":\"sess_1\",\"at\":\"2026-05-16T09:30:05.123456Z\"";
    private final EventFactory events = new EventFactory(Clock.fixed(AT, ZoneOffset.UTC));

    @Test
    void sessionStateWritesFramesMdFieldsAndReadsBack() throws Exception {
        MgwEvent event = events.sessionState("org_1", "sess_1", "active", "client connected");

        assertWireForm(event, "session.state", "\"state\":\"active\",\"reason\":\"client connected\"");
    }

    @Test
    void transcriptWritesFramesMdFieldsAndReadsBack() throws Exception {
        MgwEvent event = events.transcript("org_1", "sess_1", "user", "I'd like to check my balance.",
                Instant.parse("2026-05-16T09:30:04Z"));

        assertWireForm(event, "transcript",
                "\"role\":\"user\",\"text\":\"I'd like to check my balance.\",\"emitted_at\":\"2026-05-16T09:30:04Z\"");
    }

    @Test
    void metricsWritesFramesMdFieldsAndReadsBack() throws Exception {
        MgwEvent event = events.metrics("org_1", "sess_1", Instant.parse("2026-05-16T09:30:00Z"),
                Instant.parse("2026-05-16T09:30:05Z"), 18, 64, 1);

        assertWireForm(event, "metrics", "\"window_start\":\"2026-05-16T09:30:00Z\",\"window_end\":\"2026-05-16T09:30:05Z\","
                + "\"asr_words\":18,\"tts_chars\":64,\"barge_in_count\":1");
    }

    @Test
    void errorWritesFramesMdFieldsAndReadsBack() throws Exception {
        MgwEvent event = events.error("org_1", "sess_1", "stt.timeout", "STT call exceeded watchdog", "stt-1");

        assertWireForm(event, "error",
                "\"code\":\"stt.timeout\",\"message\":\"STT call exceeded watchdog\",\"node_id\":\"stt-1\"");
    }

    @Test
    void handoffWritesFramesMdFieldsAndReadsBack() throws Exception {
        MgwEvent event = events.handoff("org_1", "sess_1", "triage", "billing", "billing question",
                Instant.parse("2026-05-16T09:30:01Z"), Instant.parse("2026-05-16T09:30:02.5Z"));

        assertWireForm(event, "handoff", "\"from_agent\":\"triage\",\"to_agent\":\"billing\",\"reason\":\"billing question\","
                + "\"started_at\":\"2026-05-16T09:30:01Z\",\"completed_at\":\"2026-05-16T09:30:02.500Z\"");
    }

    @Test
    void callClosedWritesFramesMdFieldsAndReadsBack() throws Exception {
        MgwEvent event = events.callClosed("org_1", "sess_1", "session", 1000, "session ended", 65_000, 3250, 3300, 2);

        assertWireForm(event, "call.closed", "\"endpoint\":\"session\",\"code\":1000,\"reason\":\"session ended\","
                + "\"duration_ms\":65000,\"frames_in\":3250,\"frames_out\":3300,\"frames_invalid\":2");
    }

    @Test
    void executionEventWritesRunEventAndPayloadAndReadsBack() throws Exception {
        ObjectNode payload = FrameJson.mapper().createObjectNode().put("stepId", "step-1").put("progress", 50)
                .put("message", "Searching...");
        MgwEvent event = events.executionEvent("org_1", "sess_1", "0b7c3a56-1d2e-4f3a-9b8c-7d6e5f4a3b2c", "wf_abc123def456ghi7",
                3, RunEventType.STEP_PROGRESS, payload);

        assertWireForm(event, "execution.event", "\"execution_id\":\"0b7c3a56-1d2e-4f3a-9b8c-7d6e5f4a3b2c\","
                + "\"workflow_id\":\"wf_abc123def456ghi7\",\"seq\":3,\"event\":\"step_progress\","
                + "\"payload\":{\"stepId\":\"step-1\",\"progress\":50,\"message\":\"Searching...\"}");
    }

    @Test
    void executionEventWithoutSessionOmitsIt() {
        ExecutionEvent event = events.executionEvent("org_1", null, "exec-1", null, 1, RunEventType.RUN_STARTED, null);

        String json = EventJson.write(event);

        assertEquals(-1, json.indexOf("session_id"));
        assertEquals(event, EventJson.read(json).event());
    }

    @Test
    void executionEventReplaysAsTheSseDataObject() throws Exception {
        ObjectNode payload = FrameJson.mapper().createObjectNode().put("runId", "run-1").put("status", "completed");
        ExecutionEvent event = events.executionEvent("org_1", null, "run-1", null, 7, RunEventType.RUN_COMPLETED, payload);

        assertEquals(FrameJson.mapper().readTree("{\"type\":\"run_completed\",\"runId\":\"run-1\",\"status\":\"completed\"}"),
                event.sseData());
        payload.put("status", "changed");
        assertEquals("completed", event.payload().get("status").textValue());
    }

    @Test
    void everyRunEventTypeListsTheFieldsOfTheSseDocument() {
        assertEquals(List.of("runId", "workflowId"), RunEventType.RUN_STARTED.documentedFields());
        assertEquals(List.of("stepId", "toolId"), RunEventType.STEP_STARTED.documentedFields());
        assertEquals(List.of("stepId", "progress", "message"), RunEventType.STEP_PROGRESS.documentedFields());
        assertEquals(List.of("stepId", "result"), RunEventType.STEP_COMPLETED.documentedFields());
        assertEquals(List.of("stepId", "error"), RunEventType.STEP_FAILED.documentedFields());
        assertEquals(List.of("runId", "status"), RunEventType.RUN_COMPLETED.documentedFields());
        assertEquals(List.of("runId", "error"), RunEventType.RUN_FAILED.documentedFields());
    }

    @Test
    void streamEntryHoldsTheJsonInOneField() {
        MgwEvent event = events.error("org_1", "sess_1", "tts.failed", "boom", null);

        Map<String, String> entry = EventJson.toStreamEntry(event);

        assertEquals(Map.of(RedisKeys.EVENT_FIELD, EventJson.write(event)), entry);
        assertEquals(event, EventJson.fromStreamEntry(entry).event());
        assertError(ProtocolError.Kind.MISSING_FIELD, EventJson.fromStreamEntry(Map.of("x", "{}")));
    }

    @Test
    void unknownTypeIsItsOwnResult() {
        EventReadResult result = EventJson.read(
                "{\"event_id\":\"5b0c6f3e-2f7a-4c55-9d7e-1f2a3b4c5d6e\",\"type\":\"session.moved\",\"org\":\"o\"}");

        assertEquals(new EventReadResult.UnknownType("session.moved"), result);
    }

    @Test
    void malformedJsonIsAnError() {
        assertError(ProtocolError.Kind.MALFORMED_JSON, EventJson.read("{\"type\":\"error\","));
        assertError(ProtocolError.Kind.MALFORMED_JSON, EventJson.read(""));
        assertError(ProtocolError.Kind.MALFORMED_JSON, EventJson.read((String) null));
        assertError(ProtocolError.Kind.NOT_AN_OBJECT, EventJson.read("[1,2]"));
        assertError(ProtocolError.Kind.MISSING_FIELD, EventJson.read("{\"event_id\":\"x\"}"));
    }

    @Test
    void missingEventIdIsRejected() throws Exception {
        ObjectNode json = tree(events.sessionState("org_1", "sess_1", "ended", null));
        json.remove("event_id");

        EventReadResult result = EventJson.read(json.toString());

        assertEquals("Missing field event_id", assertError(ProtocolError.Kind.MISSING_FIELD, result).reason());
    }

    @Test
    void eventIdMustBeACanonicalUuid() throws Exception {
        ObjectNode json = tree(events.sessionState("org_1", "sess_1", "ended", null));
        json.put("event_id", "1-1-1-1-1");

        assertError(ProtocolError.Kind.INVALID_VALUE, EventJson.read(json.toString()));
    }

    @Test
    void wrongTypesAndBadValuesAreTypedErrors() throws Exception {
        ObjectNode metrics = tree(events.metrics("org_1", "sess_1", AT, AT, 1, 2, 3));
        metrics.put("asr_words", "18");
        assertError(ProtocolError.Kind.WRONG_TYPE, EventJson.read(metrics.toString()));

        ObjectNode state = tree(events.sessionState("org_1", "sess_1", "ended", null));
        state.put("at", "yesterday");
        assertError(ProtocolError.Kind.INVALID_VALUE, EventJson.read(state.toString()));
        state.put("at", 1747387805);
        assertError(ProtocolError.Kind.WRONG_TYPE, EventJson.read(state.toString()));

        ObjectNode execution = tree(events.executionEvent("o", null, "e", null, 1, RunEventType.RUN_STARTED, null));
        execution.put("event", "run_paused");
        assertError(ProtocolError.Kind.INVALID_VALUE, EventJson.read(execution.toString()));
        execution.put("event", "run_started").put("payload", "text");
        assertError(ProtocolError.Kind.WRONG_TYPE, EventJson.read(execution.toString()));

        ObjectNode closed = tree(events.callClosed("o", "s", "session", 1000, null, 1, 1, 1, 0));
        closed.put("code", 99);
        assertError(ProtocolError.Kind.INVALID_VALUE, EventJson.read(closed.toString()));
    }

    @Test
    void instantsWithAnOffsetAreRead() throws Exception {
        ObjectNode state = tree(events.sessionState("org_1", "sess_1", "ended", null));
        state.put("at", "2026-05-16T11:30:05+02:00");

        assertEquals(Instant.parse("2026-05-16T09:30:05Z"), EventJson.read(state.toString()).event().at());
    }

    @Test
    void factoryFillsAFreshEventIdAndTheClocksInstant() {
        SessionStateEvent first = events.sessionState("org_1", "sess_1", "ready", null);
        SessionStateEvent second = events.sessionState("org_1", "sess_1", "ready", null);

        assertNotEquals(first.eventId(), second.eventId());
        assertEquals(AT, first.at());
        assertThrows(ProtocolErrorException.class, () -> events.sessionState("org_1", " ", "ready", null));
        assertThrows(ProtocolErrorException.class, () -> events.metrics("o", "s", AT, AT.minusSeconds(1), 0, 0, 0));
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        SessionStateEvent event = events.sessionState("org_1", "sess_1", "draining", null);
        ObjectNode json = tree(event).put("added_later", true);

        assertEquals(event, EventJson.read(json.toString()).event());
    }

    /** Writes the event, compares with the exact JSON (frames.md names, common fields first), reads it back. */
    private static void assertWireForm(MgwEvent event, String type, String extraFieldsJson) throws Exception {
        String json = EventJson.write(event);
        String expected = "{\"event_id\":\"" + event.eventId() + "\"," + COMMON_JSON.formatted(type) + ","
                + extraFieldsJson + "}";
        assertEquals(expected, json);
        assertEquals(FrameJson.mapper().readTree(expected), FrameJson.mapper().readTree(json));
        EventReadResult read = EventJson.read(json);
        assertEquals(new EventReadResult.Ok(event), read);
        assertEquals(type, read.event().type());
    }

    private static ProtocolError assertError(ProtocolError.Kind kind, EventReadResult result) {
        EventReadResult.Err err = assertInstanceOf(EventReadResult.Err.class, result);
        assertEquals(kind, err.error().kind(), err.error().reason());
        return err.error();
    }

    private static ObjectNode tree(MgwEvent event) throws Exception {
        JsonNode node = FrameJson.mapper().readTree(EventJson.write(event));
        return (ObjectNode) node;
    }
}
