package io.mgw.controlplane.common;

import java.util.List;

/** The list shape of new endpoints: {@code {count, limit, offset, items}}; {@code count} is the total before paging. */
public record ListPage<T>(long count, int limit, long offset, List<T> items) {

    public static <T> ListPage<T> of(long count, PageRequest page, List<T> items) {
        return new ListPage<>(count, page.limit(), page.offset(), items);
    }
}
