package io.mgw.controlplane.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.mgw.controlplane.error.ApiException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Validates a lifecycle policy body field by field; every failure is a 400 naming the field. */
public final class LifecyclePolicyParser {

    private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d|24:00");
    private static final int MIN_IDLE = 5;
    private static final int MAX_IDLE = 1440;
    private static final int MAX_WINDOWS = 50;

    private LifecyclePolicyParser() {
    }

    public static LifecyclePolicy parse(@Nullable JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.invalidField("type", "the body must be a JSON object with a type");
        }
        JsonNode typeNode = body.get("type");
        String type = typeNode == null || !typeNode.isTextual() ? null : typeNode.asText();
        if (type == null || !LifecyclePolicy.TYPES.contains(type)) {
            throw ApiException.invalidField("type", "type must be one of " + String.join(", ", LifecyclePolicy.TYPES));
        }
        Integer idle = null;
        JsonNode idleNode = body.get("idleTimeoutMinutes");
        if (idleNode != null && !idleNode.isNull()) {
            if (!idleNode.isIntegralNumber() || idleNode.asLong() < MIN_IDLE || idleNode.asLong() > MAX_IDLE) {
                throw ApiException.invalidField("idleTimeoutMinutes",
                        "idleTimeoutMinutes must be an integer from " + MIN_IDLE + " to " + MAX_IDLE);
            }
            idle = idleNode.asInt();
        }
        if (type.equals(LifecyclePolicy.IDLE_SHUTDOWN) || type.equals(LifecyclePolicy.ON_DEMAND)) {
            idle = idle == null ? LifecyclePolicy.DEFAULT_IDLE_TIMEOUT_MINUTES : idle;
        } else {
            idle = null;
        }
        LifecyclePolicy.Schedule schedule = null;
        JsonNode scheduleNode = body.get("schedule");
        if (type.equals(LifecyclePolicy.SCHEDULED_WINDOW)) {
            schedule = schedule(scheduleNode);
        } else if (scheduleNode != null && !scheduleNode.isNull()) {
            throw ApiException.invalidField("schedule", "schedule is only for scheduled-window policies");
        }
        return new LifecyclePolicy(type, idle, schedule);
    }

    private static LifecyclePolicy.Schedule schedule(@Nullable JsonNode node) {
        if (node == null || !node.isObject()) {
            throw ApiException.invalidField("schedule", "schedule is required for scheduled-window:"
                    + " {timezone, windows: [{days, startTime, endTime}]}");
        }
        JsonNode zone = node.get("timezone");
        if (zone == null || !zone.isTextual() || !ZoneId.getAvailableZoneIds().contains(zone.asText())) {
            throw ApiException.invalidField("schedule.timezone",
                    "schedule.timezone must be an IANA time zone such as America/Los_Angeles");
        }
        JsonNode windows = node.get("windows");
        if (windows == null || !windows.isArray() || windows.isEmpty() || windows.size() > MAX_WINDOWS) {
            throw ApiException.invalidField("schedule.windows",
                    "schedule.windows must be an array of 1 to " + MAX_WINDOWS + " windows");
        }
        List<LifecyclePolicy.Window> parsed = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            parsed.add(window(windows.get(i), "schedule.windows[" + i + "]"));
        }
        return new LifecyclePolicy.Schedule(zone.asText(), parsed);
    }

    private static LifecyclePolicy.Window window(JsonNode node, String path) {
        if (!node.isObject()) {
            throw ApiException.invalidField(path, path + " must be an object {days, startTime, endTime}");
        }
        JsonNode days = node.get("days");
        if (days == null || !days.isArray() || days.isEmpty()) {
            throw ApiException.invalidField(path + ".days", path + ".days must be a non-empty array of 0 (Sunday) to 6");
        }
        Set<Integer> unique = new LinkedHashSet<>();
        for (JsonNode day : days) {
            if (!day.isIntegralNumber() || day.asInt() < 0 || day.asInt() > 6) {
                throw ApiException.invalidField(path + ".days", path + ".days must hold only 0 (Sunday) to 6 (Saturday)");
            }
            unique.add(day.asInt());
        }
        String start = time(node.get("startTime"), path + ".startTime");
        String end = time(node.get("endTime"), path + ".endTime");
        if ("24:00".equals(start)) {
            throw ApiException.invalidField(path + ".startTime", path + ".startTime must be 00:00 to 23:59");
        }
        if (start.compareTo(end) >= 0) {
            throw ApiException.invalidField(path + ".endTime", path + ".endTime must be after startTime"
                    + " (split a window across midnight in two: ...-24:00 and 00:00-...)");
        }
        return new LifecyclePolicy.Window(List.copyOf(unique), start, end);
    }

    private static String time(@Nullable JsonNode node, String path) {
        if (node == null || !node.isTextual() || !TIME.matcher(node.asText()).matches()) {
            throw ApiException.invalidField(path, path + " must be a time HH:MM");
        }
        return node.asText();
    }
}
