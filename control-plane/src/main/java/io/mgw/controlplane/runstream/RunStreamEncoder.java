package io.mgw.controlplane.runstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.mgw.controlplane.error.ErrorBody;
import io.mgw.controlplane.execution.ExecutionRepository;
import io.mgw.controlplane.execution.ExecutionRepository.StoredEvent;
import io.mgw.controlplane.execution.ExecutionViews;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Writes a run's live events as response bytes, one chunk per event so each is flushed on its own: as Server-Sent
 * Events (the workflow-run SSE document) or as one JSON array (the flow run stream document). Both start with a
 * chunk at once, so the response headers go out before the run's first event, and both send a keep-alive every
 * heartbeat: an SSE comment line, or whitespace between array items (valid JSON a streaming reader skips).
 */
@Singleton
public class RunStreamEncoder {

    private static final byte[] SSE_HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ARRAY_START = "[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ARRAY_END = "]".getBytes(StandardCharsets.UTF_8);
    private static final byte[] WHITESPACE = "\n".getBytes(StandardCharsets.UTF_8);
    /** Markers in the merged signal flux; compared by identity. */
    private static final Object END = new Object();
    private static final Object CUTOFF = new Object();
    private static final Object HEARTBEAT = new Object();

    private final RunFeeds feeds;
    private final ExecutionRepository executions;
    private final RunStreamsConfig config;
    private final ObjectMapper json;
    /** Marking a cut-off run is a JDBC write: on the blocking executor. */
    private final Scheduler blocking;
    private final Clock clock;

    public RunStreamEncoder(RunFeeds feeds, ExecutionRepository executions, RunStreamsConfig config, ObjectMapper json,
                            @Named(TaskExecutors.BLOCKING) ExecutorService blocking, Clock clock) {
        this.feeds = feeds;
        this.executions = executions;
        this.config = config;
        this.json = json;
        this.blocking = Schedulers.fromExecutorService(blocking, "mgw-run-streams");
        this.clock = clock;
    }

    /**
     * The run's events after {@code afterSeq} as SSE: {@code id: <seq>} (what {@code Last-Event-ID} resumes from)
     * and {@code data:} the document's object; a comment first and every heartbeat; ends after the run's last event.
     */
    public Flux<byte[]> sse(UUID executionId, long afterSeq) {
        Flux<Object> events = feeds.watch(executionId, afterSeq).cast(Object.class).concatWith(Mono.just(END));
        Flux<Object> heartbeats = Flux.interval(Duration.ZERO, config.heartbeat()).map(tick -> HEARTBEAT);
        return Flux.merge(events, heartbeats).takeWhile(signal -> signal != END)
                .map(signal -> signal == HEARTBEAT ? SSE_HEARTBEAT : sseFrame((StoredEvent) signal));
    }

    /**
     * The run's events as a JSON array of the {@code GET /api/v1/executions/{id}} event objects: {@code [} at once,
     * then each event, then {@code ]} when the run ends. At {@code limit} the run is marked {@code timed_out} and the
     * array ends with a final {@link ErrorBody} item ({@code run_timeout}).
     */
    public Flux<byte[]> jsonArray(UUID executionId, Duration limit) {
        return Flux.defer(() -> {
            AtomicBoolean first = new AtomicBoolean(true);
            Flux<Object> signals = Flux.merge(
                    feeds.watch(executionId, 0).cast(Object.class).concatWith(Mono.just(END)),
                    Mono.delay(limit).map(tick -> CUTOFF),
                    Flux.interval(config.heartbeat(), config.heartbeat()).map(tick -> HEARTBEAT));
            Flux<byte[]> body = signals.takeUntil(signal -> signal == END || signal == CUTOFF).concatMap(signal -> {
                if (signal == END) {
                    return Mono.just(ARRAY_END);
                }
                if (signal == HEARTBEAT) {
                    return Mono.just(WHITESPACE);
                }
                if (signal == CUTOFF) {
                    return Mono.fromCallable(() -> cutOff(executionId, limit, first.getAndSet(false)))
                            .subscribeOn(blocking);
                }
                return Mono.just(arrayItem(ExecutionViews.event((StoredEvent) signal), first.getAndSet(false)));
            });
            return Flux.concat(Mono.just(ARRAY_START), body);
        });
    }

    private byte[] cutOff(UUID executionId, Duration limit, boolean firstItem) {
        String message = "the run did not finish within " + describe(limit) + " and was cut off; GET /api/v1/executions/"
                + executionId + " shows what it did";
        executions.markTimedOut(executionId, message, clock.instant());
        byte[] item = arrayItem(new ErrorBody("run_timeout", message), firstItem);
        byte[] closed = new byte[item.length + ARRAY_END.length];
        System.arraycopy(item, 0, closed, 0, item.length);
        System.arraycopy(ARRAY_END, 0, closed, item.length, ARRAY_END.length);
        return closed;
    }

    private byte[] sseFrame(StoredEvent event) {
        return ("id: " + event.seq() + "\ndata: " + text(ExecutionViews.sseData(event)) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] arrayItem(Object item, boolean firstItem) {
        return ((firstItem ? "" : ",") + text(item)).getBytes(StandardCharsets.UTF_8);
    }

    private String text(Object value) {
        try {
            // One line: the JSON writer escapes newlines inside strings, so an SSE data field never spans lines.
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a run event did not serialize", e);
        }
    }

    private static String describe(Duration limit) {
        return limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
    }
}
