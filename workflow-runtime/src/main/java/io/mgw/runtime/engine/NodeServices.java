package io.mgw.runtime.engine;

import io.mgw.runtime.config.NodeSecrets;
import io.mgw.runtime.http.NodeHttp;
import java.nio.file.Path;

/**
 * What streaming nodes share across sessions: the outbound HTTP client (and its threads for blocking work), the
 * directory {@code play} reads file assets from, and the secrets nodes may name.
 *
 * @param assetsDir root of {@code play} file assets ({@code MGW_ASSETS_DIR}); no asset outside it is read
 */
public record NodeServices(NodeHttp http, Path assetsDir, NodeSecrets secrets) {
}
