package io.mgw.gateway.upstream;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.mgw.adapters.contract.RedisKeys;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Picks a pod of a deployment from the runtime's registry (DESIGN "Redis layout"): the members of
 * {@link RedisKeys#podsOf}, each read from its {@link RedisKeys#pod} hash; members whose hash has expired are
 * skipped (the runtime owns the set, readers only ignore them). The least loaded pod ({@code active/capacity}) with
 * free capacity wins, preferring pods not tried yet in this connect attempt. Async; completes on a Lettuce thread.
 */
public final class PodSelector {

    private final RedisAsyncCommands<String, String> redis;

    public PodSelector(StatefulRedisConnection<String, String> connection) {
        this.redis = connection.async();
    }

    /**
     * @param preferred a pod to take when it is registered and not yet tried (the pod holding the session, on
     *                  takeover), or null
     */
    public CompletableFuture<Choice> select(String deploymentId, String preferred, Set<String> tried) {
        if (deploymentId == null) {
            return CompletableFuture.completedFuture(new Choice.NoPods());
        }
        return redis.zrange(RedisKeys.podsOf(deploymentId), 0, -1).toCompletableFuture().thenCompose(ids -> {
            List<CompletableFuture<Map<String, String>>> reads = new ArrayList<>();
            for (String id : ids) {
                reads.add(redis.hgetall(RedisKeys.pod(id)).toCompletableFuture());
            }
            return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(v -> {
                List<Candidate> live = new ArrayList<>();
                for (int i = 0; i < ids.size(); i++) {
                    Candidate c = Candidate.of(ids.get(i), reads.get(i).join());
                    if (c != null) {
                        live.add(c);
                    }
                }
                return choose(live, preferred, tried);
            });
        });
    }

    static Choice choose(List<Candidate> live, String preferred, Set<String> tried) {
        if (live.isEmpty()) {
            return new Choice.NoPods();
        }
        Candidate best = null;
        for (Candidate c : live) {
            if (!c.hasRoom()) {
                continue;
            }
            if (c.id.equals(preferred) && !tried.contains(c.id)) {
                return new Choice.Pod(c.id, c.url);
            }
            if (best == null || rank(c, tried) < rank(best, tried)) {
                best = c;
            }
        }
        return best == null ? new Choice.Full() : new Choice.Pod(best.id, best.url);
    }

    /** Untried pods first, then by load. */
    private static double rank(Candidate c, Set<String> tried) {
        return (tried.contains(c.id) ? 10 : 0) + c.load();
    }

    record Candidate(String id, URI url, int capacity, int active) {
        static Candidate of(String id, Map<String, String> hash) {
            String url = hash.get(RedisKeys.POD_URL);
            if (url == null || url.isBlank()) {
                return null; // expired pod hash
            }
            try {
                return new Candidate(id, URI.create(url), parse(hash.get(RedisKeys.POD_CAPACITY)),
                        parse(hash.get(RedisKeys.POD_ACTIVE)));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        private static int parse(String s) {
            return s == null ? 0 : Integer.parseInt(s.trim());
        }

        boolean hasRoom() {
            return capacity > active;
        }

        double load() {
            return capacity <= 0 ? 1 : (double) active / capacity;
        }
    }

    /** The outcome of a selection. */
    public sealed interface Choice {
        /** A pod to connect to: its id and its session WebSocket base URL. */
        record Pod(String id, URI url) implements Choice {
        }

        /** Pods exist but none has free capacity. */
        record Full() implements Choice {
        }

        /** No live pod serves the deployment (cold start, or none assigned yet). */
        record NoPods() implements Choice {
        }
    }
}
