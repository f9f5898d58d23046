package io.mgw.service;

/** Names of the handlers {@link NettyServer} installs, so endpoints can find, replace or remove them or add theirs after {@link #ROUTE}. */
public final class PipelineNames {

    public static final String HTTP_CODEC = "http-codec";
    public static final String HTTP_KEEP_ALIVE = "http-keep-alive";
    public static final String HTTP_AGGREGATOR = "http-aggregator";
    public static final String ROUTE = "route";

    private PipelineNames() {
    }
}
