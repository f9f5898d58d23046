package io.mgw.deploy.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** User plus system CPU time of labelled processes, read from /proc (Linux); a process that is gone reads 0. */
final class CpuSampler {

    private final Map<String, Long> pids;

    CpuSampler(Map<String, Long> pids) {
        this.pids = pids;
    }

    /** CPU milliseconds per label, now. */
    Map<String, Long> sample() {
        Map<String, Long> out = new LinkedHashMap<>();
        pids.forEach((label, pid) -> out.put(label, cpuMillis(pid)));
        return out;
    }

    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 10; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
