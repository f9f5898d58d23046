package io.mgw.runtime.internal;

import java.util.List;

/** The answer to {@code GET /internal/deployments}: {@code {"count":2,"items":["dep_a","dep_b"]}}, ids sorted. */
public record DeploymentList(int count, List<String> items) {

    static DeploymentList of(List<String> ids) {
        return new DeploymentList(ids.size(), ids);
    }
}
