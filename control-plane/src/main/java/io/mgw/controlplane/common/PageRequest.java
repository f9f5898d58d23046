package io.mgw.controlplane.common;

import io.mgw.controlplane.error.ApiException;

/**
 * Validated {@code limit}/{@code offset} query parameters.
 *
 * @param limit  rows to return, 1 to {@link #MAX_LIMIT}
 * @param offset rows to skip, 0 or more
 */
public record PageRequest(int limit, long offset) {

    public static final int MAX_LIMIT = 200;

    /** Parses the raw parameters; absent values take {@code defaultLimit} and 0. */
    public static PageRequest of(String limit, String offset, int defaultLimit) {
        int parsedLimit = defaultLimit;
        if (limit != null && !limit.isBlank()) {
            try {
                parsedLimit = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                throw ApiException.invalidField("limit", "limit must be an integer between 1 and " + MAX_LIMIT);
            }
            if (parsedLimit < 1 || parsedLimit > MAX_LIMIT) {
                throw ApiException.invalidField("limit", "limit must be between 1 and " + MAX_LIMIT);
            }
        }
        long parsedOffset = 0;
        if (offset != null && !offset.isBlank()) {
            try {
                parsedOffset = Long.parseLong(offset.trim());
            } catch (NumberFormatException e) {
                throw ApiException.invalidField("offset", "offset must be a non-negative integer");
            }
            if (parsedOffset < 0) {
                throw ApiException.invalidField("offset", "offset must be a non-negative integer");
            }
        }
        return new PageRequest(parsedLimit, parsedOffset);
    }
}
