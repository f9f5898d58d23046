package io.mgw.controlplane.events;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.data.connection.exceptions.ConnectionException;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.adapters.contract.events.EventJson;
import io.mgw.adapters.contract.events.EventReadResult;
import io.mgw.adapters.contract.events.MgwEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code mgw:events} in the consumer group {@link RedisKeys#EVENTS_GROUP} on its own thread and its own
 * Lettuce connection (blocking {@code XREADGROUP}, never on an event loop), and stores each event once through
 * {@link EventApplier}.
 *
 * <p>Acknowledgement rule: an entry is {@code XACK}ed only after its transaction committed (or when it can never be
 * stored: malformed, unknown type, no handler yet). A failed transaction leaves the entry pending; the consumer
 * backs off and re-reads its own pending entries ({@code XREADGROUP ... 0}) before any new one, which it also does
 * on every start, so a crash between commit and ack re-delivers and {@code processed_events} deduplicates. The
 * entries of one read are stored in one transaction (one commit, not one per event); when it fails they are stored
 * one by one, which finds the entry at fault. Entries left pending by a dead consumer are claimed with
 * {@code XAUTOCLAIM} once idle for {@code claim-idle}. Redis and database outages are logged once each, then retried
 * with exponential backoff.
 */
@Singleton
@Requires(property = "mgw.events.enabled", notEquals = "false")
public class EventConsumer implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(EventConsumer.class);

    /** Failed attempts at one entry (not counting database outages) before it is recorded without its effect. */
    static final int MAX_FAILED_ATTEMPTS = 5;
    private static final Duration MIN_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** Added to the block time for the command timeout of the blocking read. */
    private static final Duration COMMAND_TIMEOUT_MARGIN = Duration.ofSeconds(2);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final String FIRST_ID = "0-0";

    private final RedisClient client;
    private final EventsConfig config;
    private final EventHandlers handlers;
    private final EventApplier applier;
    private final EventMetrics metrics;
    private final Consumer<String> consumer;
    private final CountDownLatch stopSignal = new CountDownLatch(1);

    private volatile boolean running;
    private Thread thread;

    // Owned by the consumer thread.
    private StatefulRedisConnection<String, String> connection;
    private boolean groupReady;
    private boolean readPending = true;
    private String pendingCursor = FIRST_ID;
    private String claimCursor = FIRST_ID;
    private long nextClaimNanos;
    private boolean claimSupported = true;
    private boolean redisDown;
    private boolean databaseDown;
    private Duration backoff = MIN_BACKOFF;
    private final Map<String, Integer> failedAttempts = new HashMap<>();

    public EventConsumer(RedisClient client, EventsConfig config, EventHandlers handlers, EventApplier applier,
                         EventMetrics metrics) {
        this.client = client;
        this.config = config;
        this.handlers = handlers;
        this.applier = applier;
        this.metrics = metrics;
        this.consumer = Consumer.from(RedisKeys.EVENTS_GROUP, config.consumer());
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        start();
    }

    /** Starts the consumer thread (once). */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        nextClaimNanos = System.nanoTime() + config.claimIdle().toNanos();
        thread = new Thread(this::run, "mgw-events-consumer");
        thread.setDaemon(true);
        thread.start();
        LOG.info("Consuming {} as {} in group {}", config.stream(), config.consumer(), RedisKeys.EVENTS_GROUP);
    }

    /** Stops reading, lets the in-flight batch finish and be acknowledged, then closes the connection. */
    @PreDestroy
    public synchronized void stop() {
        Thread current = thread;
        if (current == null || !running) {
            return;
        }
        running = false;
        stopSignal.countDown();
        try {
            current.join(config.block().plus(STOP_GRACE).toMillis());
            if (current.isAlive()) {
                LOG.warn("Event consumer did not stop in time; interrupting it");
                current.interrupt();
                current.join(STOP_GRACE.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the consumer thread is running. */
    public boolean running() {
        Thread current = thread;
        return running && current != null && current.isAlive();
    }

    private void run() {
        try {
            while (running) {
                try {
                    RedisCommands<String, String> redis = redis();
                    if (!groupReady) {
                        ensureGroup(redis);
                    }
                    boolean ok = readPending ? pendingRound(redis) : newRound(redis);
                    redisUp();
                    if (ok) {
                        backoff = MIN_BACKOFF;
                    } else {
                        readPending = true;
                        pendingCursor = FIRST_ID;
                        pause();
                    }
                } catch (RedisException e) {
                    redisFailed(e);
                    pause();
                } catch (RuntimeException e) {
                    LOG.error("Event consumer failed; retrying", e);
                    pause();
                }
            }
        } finally {
            closeConnection();
            LOG.info("Stopped consuming {}", config.stream());
        }
    }

    /** Re-reads this consumer's own pending entries (after a start or a failure); true when all went through. */
    private boolean pendingRound(RedisCommands<String, String> redis) {
        List<StreamMessage<String, String>> batch = redis.xreadgroup(consumer,
                XReadArgs.Builder.count(config.batchSize()), StreamOffset.from(config.stream(), pendingCursor));
        if (batch.isEmpty()) {
            readPending = false;
            pendingCursor = FIRST_ID;
            return true;
        }
        boolean ok = process(redis, batch);
        if (ok) {
            pendingCursor = batch.get(batch.size() - 1).getId();
        }
        return ok;
    }

    /** Claims idle entries of dead consumers when due, then blocks for new entries. */
    private boolean newRound(RedisCommands<String, String> redis) {
        if (claimSupported && System.nanoTime() - nextClaimNanos >= 0 && !claim(redis)) {
            return false;
        }
        List<StreamMessage<String, String>> batch = redis.xreadgroup(consumer,
                XReadArgs.Builder.block(config.block()).count(config.batchSize()),
                StreamOffset.lastConsumed(config.stream()));
        return batch.isEmpty() || process(redis, batch);
    }

    private boolean claim(RedisCommands<String, String> redis) {
        ClaimedMessages<String, String> claimed;
        try {
            claimed = redis.xautoclaim(config.stream(),
                    XAutoClaimArgs.Builder.xautoclaim(consumer, config.claimIdle(), claimCursor)
                            .count(config.batchSize()));
        } catch (RedisCommandExecutionException e) {
            if (e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("unknown command")) {
                claimSupported = false;
                LOG.warn("Redis has no XAUTOCLAIM (needs 6.2+): entries of dead consumers are not taken over");
                return true;
            }
            throw e;
        }
        claimCursor = claimed.getId() == null ? FIRST_ID : claimed.getId();
        if (FIRST_ID.equals(claimCursor)) {
            nextClaimNanos = System.nanoTime() + config.claimIdle().toNanos();
        }
        List<StreamMessage<String, String>> messages = claimed.getMessages();
        if (!messages.isEmpty()) {
            LOG.info("Claimed {} pending {} entries of idle consumers", messages.size(), config.stream());
            return process(redis, messages);
        }
        return true;
    }

    /**
     * Handles entries in order and acknowledges those done: all of them in one transaction when that commits, else
     * one by one, stopping at the first that must be retried.
     */
    private boolean process(RedisCommands<String, String> redis, List<StreamMessage<String, String>> batch) {
        List<String> ids = new ArrayList<>(batch.size());
        List<EventApplier.Pending> storable = new ArrayList<>(batch.size());
        for (StreamMessage<String, String> entry : batch) {
            ids.add(entry.getId());
            storable.add(storable(entry));
        }
        if (storeTogether(storable)) {
            redis.xack(config.stream(), RedisKeys.EVENTS_GROUP, ids.toArray(String[]::new));
            return true;
        }
        List<String> done = new ArrayList<>(batch.size());
        boolean ok = true;
        for (int i = 0; i < ids.size(); i++) {
            EventApplier.Pending pending = storable.get(i);
            if (pending != null && !storeOne(pending)) {
                ok = false;
                break;
            }
            done.add(ids.get(i));
        }
        if (!done.isEmpty()) {
            redis.xack(config.stream(), RedisKeys.EVENTS_GROUP, done.toArray(String[]::new));
        }
        return ok;
    }

    /**
     * The entry's event and handler, or {@code null} when it is acknowledged without being stored (malformed, unknown
     * type, no handler: counted here).
     */
    private EventApplier.Pending storable(StreamMessage<String, String> entry) {
        String id = entry.getId();
        EventReadResult read = EventJson.fromStreamEntry(entry.getBody());
        if (read instanceof EventReadResult.Err err) {
            metrics.invalid(err.error().kind().name().toLowerCase(Locale.ROOT));
            LOG.debug("Dropped invalid entry {} of {}: {}", id, config.stream(), err.error().reason());
            return null;
        }
        if (read instanceof EventReadResult.UnknownType unknown) {
            metrics.invalid("unknown_type");
            LOG.debug("Dropped entry {} of {} with unknown type {}", id, config.stream(), unknown.type());
            return null;
        }
        MgwEvent event = read.event();
        Optional<EventHandler<?>> handler = handlers.forType(event.type());
        if (handler.isEmpty()) {
            metrics.unhandled(event.type());
            LOG.debug("No handler for entry {} of {} ({}): acknowledged", id, config.stream(), event.type());
            return null;
        }
        return new EventApplier.Pending(event, id, handler.get());
    }

    /**
     * Two or more events stored in one transaction; false, with nothing stored, when there are fewer or any of them
     * failed (they are then stored one by one, which finds and retries the failing one; what the handlers counted
     * for the rolled-back batch, such as dropped events, is counted again then).
     */
    private boolean storeTogether(List<EventApplier.Pending> storable) {
        List<EventApplier.Pending> events = storable.stream().filter(Objects::nonNull).toList();
        if (events.size() < 2) {
            return events.isEmpty();
        }
        List<EventApplier.Stored> stored;
        try {
            stored = applier.applyAll(events);
        } catch (RuntimeException e) {
            LOG.debug("A batch of {} events did not commit; storing them one by one", events.size(), e);
            return false;
        }
        for (int i = 0; i < events.size(); i++) {
            stored(events.get(i), stored.get(i));
        }
        return true;
    }

    /** True when the event may be acknowledged: stored, a duplicate, or given up on. */
    private boolean storeOne(EventApplier.Pending pending) {
        try {
            stored(pending, applier.apply(pending.event(), pending.streamEntryId(), pending.handler()));
            return true;
        } catch (RuntimeException e) {
            metrics.applyFailure();
            return applyFailed(pending.streamEntryId(), pending.event(), e);
        }
    }

    private void stored(EventApplier.Pending pending, EventApplier.Stored stored) {
        if (stored == EventApplier.Stored.DUPLICATE) {
            metrics.duplicate();
            LOG.debug("Entry {} repeats event {}: already stored", pending.streamEntryId(), pending.event().eventId());
        }
        metrics.consumed(pending.event().type());
        failedAttempts.remove(pending.streamEntryId());
        databaseUp();
    }

    /** A database outage is retried without limit; any other failure gives up after a few attempts. */
    private boolean applyFailed(String id, MgwEvent event, RuntimeException failure) {
        if (transientFailure(failure)) {
            if (!databaseDown) {
                databaseDown = true;
                LOG.warn("Database unavailable ({}); events stay pending and are retried", failure.toString());
            }
            return false;
        }
        int attempts = failedAttempts.merge(id, 1, Integer::sum);
        if (attempts < MAX_FAILED_ATTEMPTS) {
            LOG.warn("Applying event {} ({}, entry {}) failed (attempt {}); retrying", event.eventId(), event.type(),
                    id, attempts, failure);
            return false;
        }
        try {
            applier.recordOnly(event, id);
        } catch (RuntimeException e) {
            LOG.warn("Recording event {} failed; retrying", event.eventId(), e);
            return false;
        }
        failedAttempts.remove(id);
        backoff = MIN_BACKOFF;
        metrics.dropped(EventMetrics.DROPPED_GAVE_UP);
        LOG.error("Gave up applying event {} ({}, entry {}) after {} attempts: recorded without its effect",
                event.eventId(), event.type(), id, attempts, failure);
        return true;
    }

    /** Failures that go away by themselves: no connection, pool exhausted, deadlock, server shutting down. */
    static boolean transientFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // Micronaut's ConnectionException: the pooled connection broke (it may hide the driver's 08xxx cause).
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException || t instanceof ConnectException
                    || t instanceof ConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08 connection, 40 rollback (serialization, deadlock), 53 resources, 57 operator, 58 system.
                if (state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                        || state.startsWith("57") || state.startsWith("58")) {
                    return true;
                }
            }
            if (t.getClass().getName().endsWith("CannotCreateTransactionException")) {
                return true;
            }
        }
        return false;
    }

    private RedisCommands<String, String> redis() {
        if (connection == null) {
            StatefulRedisConnection<String, String> connected = client.connect();
            connected.setTimeout(config.block().plus(COMMAND_TIMEOUT_MARGIN));
            connection = connected;
        }
        return connection.sync();
    }

    /** Creates the group (and the stream) from the start of the stream; an existing group is kept as it is. */
    private void ensureGroup(RedisCommands<String, String> redis) {
        try {
            redis.xgroupCreate(StreamOffset.from(config.stream(), FIRST_ID), RedisKeys.EVENTS_GROUP,
                    XGroupCreateArgs.Builder.mkstream(true));
        } catch (RedisBusyException e) {
            // BUSYGROUP: it exists.
        } catch (RedisCommandExecutionException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
                throw e;
            }
        }
        groupReady = true;
    }

    private void redisFailed(RedisException e) {
        // The group (or the whole stream) may be gone after a Redis restart or flush: recreate, re-read pending.
        groupReady = false;
        readPending = true;
        pendingCursor = FIRST_ID;
        // NOGROUP: the group is gone; UNBLOCKED: the stream was deleted while we blocked on it.
        boolean noGroup = e.getMessage() != null
                && (e.getMessage().startsWith("NOGROUP") || e.getMessage().startsWith("UNBLOCKED"));
        if (noGroup) {
            LOG.info("Consumer group {} of {} is gone; recreating it", RedisKeys.EVENTS_GROUP, config.stream());
            backoff = Duration.ZERO;
        } else if (!redisDown) {
            redisDown = true;
            LOG.warn("Redis unavailable for {} ({}); retrying with backoff", config.stream(), e.toString());
        }
    }

    private void redisUp() {
        if (redisDown) {
            redisDown = false;
            LOG.info("Redis is back; consuming {} again", config.stream());
        }
    }

    private void databaseUp() {
        if (databaseDown) {
            databaseDown = false;
            LOG.info("Database is back; applying events again");
        }
    }

    /** Waits the current backoff (cut short by stop) and doubles it for next time. */
    private void pause() {
        if (failedAttempts.size() > 10_000) {
            failedAttempts.clear();
        }
        try {
            if (!backoff.isZero()) {
                stopSignal.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        Duration doubled = backoff.isZero() ? MIN_BACKOFF : backoff.multipliedBy(2);
        backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the events connection failed", e);
            }
            connection = null;
        }
    }
}
