package io.mgw.controlplane.runstream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.TaskExecutors;
import io.mgw.adapters.contract.RedisKeys;
import io.mgw.controlplane.execution.ExecutionRepository;
import io.mgw.controlplane.execution.ExecutionRepository.StoredEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Live event feeds of runs for this replica's streams. A watched run has one {@link RunFeed} and one subscription to
 * its channel ({@link RedisKeys#runEvents}) on this replica's one Pub/Sub connection, however many streams watch it;
 * the last watcher leaving unsubscribes. Announcements only wake the feed: events are read from PostgreSQL, which
 * also serves catch-up and replay, so a replica that did not store an event (two control planes share the
 * {@code mgw:events} group) streams it all the same. Every feed is also re-read each poll interval, which covers a
 * lost announcement or a Redis outage.
 *
 * <p>Meters: {@code mgw_run_stream_feeds} (runs watched here, = subscriptions) and {@code mgw_run_stream_watchers}.
 */
@Singleton
public class RunFeeds {

    private static final Logger LOG = LoggerFactory.getLogger(RunFeeds.class);

    private final RedisClient redis;
    private final ExecutionRepository executions;
    private final ExecutorService blocking;
    /** Subscribing does blocking work (connecting, the first read's scheduling): never on an event loop. */
    private final Scheduler subscribeOn;
    private final RunStreamsConfig config;
    private final ScheduledExecutorService timer;
    // Guarded by this, together with the order of SUBSCRIBE/UNSUBSCRIBE sent on the connection.
    private final Map<UUID, RunFeed> feeds = new HashMap<>();
    private final Map<String, RunFeed> byChannel = new ConcurrentHashMap<>();
    /** Held while connecting; never taken by a thread holding this object's lock. */
    private final Object connectLock = new Object();
    private volatile StatefulRedisPubSubConnection<String, String> connection;

    public RunFeeds(RedisClient redis, ExecutionRepository executions,
                    @Named(TaskExecutors.BLOCKING) ExecutorService blocking, RunStreamsConfig config,
                    MeterRegistry meters) {
        this.redis = redis;
        this.executions = executions;
        this.blocking = blocking;
        this.subscribeOn = Schedulers.fromExecutorService(blocking, "mgw-run-feeds");
        this.config = config;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mgw-run-feeds");
            thread.setDaemon(true);
            return thread;
        });
        long poll = config.pollInterval().toMillis();
        timer.scheduleWithFixedDelay(this::pollAll, poll, poll, TimeUnit.MILLISECONDS);
        Gauge.builder("mgw.run.stream.feeds", byChannel, Map::size)
                .description("runs watched by live streams on this replica (one Redis subscription each)")
                .register(meters);
        Gauge.builder("mgw.run.stream.watchers", this, RunFeeds::watcherCount)
                .description("live run streams open on this replica").register(meters);
    }

    /**
     * The run's events with a seq above {@code afterSeq}, stored ones first, then live ones as they are stored, in seq
     * order and each once; completes after the terminal event (or when the run has ended and nothing is left).
     * Events are sent as they are requested, so a slow reader costs no memory here. Subscribing does its blocking
     * work off the caller's thread.
     */
    public Flux<StoredEvent> watch(UUID executionId, long afterSeq) {
        return Flux.<StoredEvent>create(sink -> {
            RunWatcher watcher = new RunWatcher(executionId, sink, afterSeq, config.gapGrace().toNanos());
            RunFeed feed = attach(executionId, watcher);
            sink.onDispose(() -> detach(feed, watcher));
            // Demand drives reading: a stream that caught up with its client's reads asks again and is read for.
            sink.onRequest(requested -> feed.wake());
            feed.wake();
        }, FluxSink.OverflowStrategy.BUFFER).subscribeOn(subscribeOn);
    }

    /** Runs with a subscription on this replica. */
    public int feedCount() {
        return byChannel.size();
    }

    private RunFeed attach(UUID executionId, RunWatcher watcher) {
        // Connecting may block; it happens here, on the blocking executor, before the feeds' lock is taken, so a
        // detach (which may run on an event loop when a client goes away) never waits for it.
        StatefulRedisPubSubConnection<String, String> current = connection();
        synchronized (this) {
            RunFeed feed = feeds.get(executionId);
            if (feed == null) {
                feed = new RunFeed(executionId, RedisKeys.runEvents(executionId.toString()), executions, blocking, timer,
                        config.gapGrace().toNanos());
                feeds.put(executionId, feed);
                byChannel.put(feed.channel(), feed);
                if (current != null) {
                    subscribe(current, feed);
                }
            }
            feed.add(watcher);
            return feed;
        }
    }

    private synchronized void detach(RunFeed feed, RunWatcher watcher) {
        if (feed.remove(watcher) && feeds.get(feed.executionId()) == feed) {
            feeds.remove(feed.executionId());
            byChannel.remove(feed.channel());
            StatefulRedisPubSubConnection<String, String> current = connection;
            if (current != null) {
                // Sent under the lock, so a later SUBSCRIBE of the same channel always follows it.
                current.async().unsubscribe(feed.channel());
            }
        }
    }

    /** Sends SUBSCRIBE (under the feeds' lock) and wakes the feed once it holds. */
    private static void subscribe(StatefulRedisPubSubConnection<String, String> current, RunFeed feed) {
        // An event stored before the subscription holds is found by that read, one stored after is announced.
        current.async().subscribe(feed.channel()).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warn("subscribing to the events of run {} failed ({}); polling it", feed.executionId(),
                        failure.toString());
            }
            feed.wake();
        });
    }

    /** The Pub/Sub connection, connecting first if needed; null while Redis cannot be reached (feeds are polled). */
    private StatefulRedisPubSubConnection<String, String> connection() {
        StatefulRedisPubSubConnection<String, String> current = connection;
        if (current != null) {
            return current;
        }
        synchronized (connectLock) {
            if (connection == null) {
                try {
                    StatefulRedisPubSubConnection<String, String> connected = redis.connectPubSub();
                    connected.addListener(new RedisPubSubAdapter<>() {
                        @Override
                        public void message(String channel, String message) {
                            RunFeed feed = byChannel.get(channel);
                            if (feed != null) {
                                feed.wake();
                            }
                        }
                    });
                    synchronized (this) {
                        connection = connected;
                        // Feeds made while Redis was away were polled only; from now on they are announced too.
                        for (RunFeed feed : feeds.values()) {
                            subscribe(connected, feed);
                        }
                    }
                } catch (RuntimeException e) {
                    LOG.warn("no Redis Pub/Sub connection for run streams ({}); polling every {}", e.toString(),
                            config.pollInterval());
                }
            }
            return connection;
        }
    }

    private void pollAll() {
        List<RunFeed> current;
        synchronized (this) {
            current = List.copyOf(feeds.values());
        }
        for (RunFeed feed : current) {
            feed.wake();
        }
    }

    private synchronized int watcherCount() {
        return feeds.values().stream().mapToInt(RunFeed::watcherCount).sum();
    }

    @PreDestroy
    synchronized void close() {
        timer.shutdownNow();
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
