package io.mgw.controlplane.runstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mgw.controlplane.execution.ExecutionRepository.Progress;
import io.mgw.controlplane.execution.ExecutionRepository.StoredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/** A watcher's order, once-only delivery and its respect for the demand of a slow reader. */
class RunWatcherTest {

    private static final Progress RUNNING = new Progress("running", false, 1_000);

    private static List<StoredEvent> steps(long from, long to) {
        return LongStream.rangeClosed(from, to)
                .mapToObj(seq -> new StoredEvent(seq, "step_progress", JsonNodeFactory.instance.objectNode(),
                        Instant.EPOCH))
                .toList();
    }

    /** A reader that asks for events only when told to, like a client whose socket is full. */
    private static final class SlowReader extends BaseSubscriber<StoredEvent> {
        final List<Long> seqs = new ArrayList<>();
        boolean completed;

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            // No initial request: the reader has not read anything yet.
        }

        @Override
        protected void hookOnNext(StoredEvent event) {
            seqs.add(event.seq());
        }

        @Override
        protected void hookOnComplete() {
            completed = true;
        }
    }

    private static RunWatcher watch(SlowReader reader) {
        AtomicReference<RunWatcher> watcher = new AtomicReference<>();
        Flux.<StoredEvent>create(sink -> watcher.set(new RunWatcher(UUID.randomUUID(), sink, 0, 1_000_000_000L)),
                FluxSink.OverflowStrategy.BUFFER).subscribe(reader);
        return watcher.get();
    }

    @Test
    void aReaderThatAsksForNothingIsSentNothingAndTheCursorStays() {
        SlowReader reader = new SlowReader();
        RunWatcher watcher = watch(reader);

        assertFalse(watcher.wantsMore());
        watcher.offer(steps(1, 500), RUNNING, System.nanoTime());

        assertEquals(List.of(), reader.seqs);
        assertEquals(0, watcher.cursor(), "nothing held: the next read starts where the reader is");
    }

    @Test
    void eventsGoOutAsTheyAreAskedForInOrderAndOnce() {
        SlowReader reader = new SlowReader();
        RunWatcher watcher = watch(reader);
        List<StoredEvent> batch = steps(1, 10);

        reader.request(3);
        assertTrue(watcher.wantsMore());
        watcher.offer(batch, RUNNING, System.nanoTime());
        assertEquals(List.of(1L, 2L, 3L), reader.seqs);
        assertFalse(watcher.wantsMore(), "it took what was asked for and stopped");

        reader.request(4);
        watcher.offer(batch, RUNNING, System.nanoTime()); // the feed reads again from the cursor: repeats are skipped
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), reader.seqs);
        assertEquals(7, watcher.cursor());
    }

    @Test
    void aFinishedRunCompletesOnlyOnceTheReaderHasEverything() {
        SlowReader reader = new SlowReader();
        RunWatcher watcher = watch(reader);
        Progress finished = new Progress("completed", true, 5);

        reader.request(2);
        watcher.offer(steps(1, 5), finished, System.nanoTime());
        assertFalse(reader.completed, "three events are still owed");

        reader.request(10);
        watcher.offer(steps(1, 5), finished, System.nanoTime());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), reader.seqs);
        assertTrue(reader.completed);
        assertFalse(watcher.wantsMore());
    }
}
