package io.mgw.gateway.server;

/** Names of the gateway's pipeline handlers, so later stages can find, replace or remove them. */
public final class PipelineNames {

    public static final String HTTP_CODEC = "http-codec";
    public static final String HTTP_KEEP_ALIVE = "http-keep-alive";
    public static final String HTTP_AGGREGATOR = "http-aggregator";
    public static final String ROUTE = "route";

    private PipelineNames() {
    }
}
