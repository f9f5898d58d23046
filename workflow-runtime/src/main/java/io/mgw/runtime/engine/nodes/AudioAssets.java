package io.mgw.runtime.engine.nodes;

import io.mgw.adapters.audio.Pcm16;
import io.mgw.adapters.audio.Resampler;
import io.mgw.runtime.engine.NodeError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where {@code play} assets come from: {@code classpath:<resource>} (assets bundled with the runtime), or a path
 * inside {@code MGW_ASSETS_DIR} (relative, or absolute but inside it; nothing outside it is read, so a workflow
 * cannot play the pod's files). A WAV file is parsed by {@link WavReader}; any other file is raw PCM16 little-endian
 * mono at {@code rawSampleRate}. Blocking: call off the event loop.
 */
final class AudioAssets {

    static final String NOT_FOUND = "play.asset_not_found";
    static final String CLASSPATH = "classpath:";
    /** About 17 minutes of 16 kHz mono: an asset is a prompt, not a recording archive. */
    static final int MAX_BYTES = 32 * 1024 * 1024;

    private AudioAssets() {
    }

    /** Checks a reference without reading it (at node creation); an unusable one is a config error. */
    static void check(String reference, Path assetsDir) {
        if (reference.startsWith(CLASSPATH)) {
            return;
        }
        if (reference.contains("://")) {
            throw new IllegalArgumentException("config.asset: URLs are not played; use a file in MGW_ASSETS_DIR or classpath:");
        }
        resolve(reference, assetsDir);
    }

    static PcmClip load(String reference, Path assetsDir, int rawSampleRate) {
        byte[] bytes = reference.startsWith(CLASSPATH) ? resource(reference.substring(CLASSPATH.length()))
                : file(resolve(reference, assetsDir), reference);
        if (WavReader.isWav(bytes)) {
            return WavReader.read(bytes);
        }
        if (bytes.length < 2 || !Resampler.SUPPORTED_RATES.contains(rawSampleRate)) {
            throw WavReader.unsupported(bytes.length < 2 ? "an empty file" : "raw PCM at " + rawSampleRate + " Hz");
        }
        return new PcmClip(Pcm16.toSamples(java.util.Arrays.copyOf(bytes, bytes.length & ~1)), rawSampleRate);
    }

    private static Path resolve(String reference, Path assetsDir) {
        Path root = assetsDir.toAbsolutePath().normalize();
        Path path;
        try {
            path = root.resolve(reference).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("config.asset is not a file path");
        }
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("config.asset must be inside the assets directory (MGW_ASSETS_DIR)");
        }
        return path;
    }

    private static byte[] file(Path path, String reference) {
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw WavReader.unsupported("a file over " + MAX_BYTES + " bytes");
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new NodeError(NOT_FOUND, "audio asset " + reference + " does not exist");
        } catch (IOException e) {
            throw new NodeError(NOT_FOUND, "audio asset " + reference + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = AudioAssets.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new NodeError(NOT_FOUND, "audio asset classpath:" + name + " does not exist");
            }
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw WavReader.unsupported("a resource over " + MAX_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new NodeError(NOT_FOUND, "audio asset classpath:" + name + " cannot be read");
        }
    }
}
