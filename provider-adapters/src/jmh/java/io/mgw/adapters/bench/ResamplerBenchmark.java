package io.mgw.adapters.bench;

import io.mgw.adapters.audio.Resampler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * 8 kHz to 16 kHz for {@value #STREAMS} concurrent streams on one thread: each operation is one
 * 20 ms frame (160 input samples) of one stream, streams visited round-robin so every stream's
 * history is touched as in a real gateway. Real time for all streams = 50 x {@value #STREAMS}
 * frames/s = 8 M input samples/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ResamplerBenchmark {

    /** Concurrent streams. */
    public static final int STREAMS = 1000;
    /** Input samples per frame (20 ms at 8 kHz). */
    public static final int FRAME = 160;

    private Resampler[] streams;
    private short[][] inputs;
    private short[] output;

    /** One resampler and one distinct input frame per stream. */
    @Setup
    public void setUp() {
        streams = new Resampler[STREAMS];
        inputs = new short[STREAMS][FRAME];
        for (int s = 0; s < STREAMS; s++) {
            streams[s] = Resampler.create(8000, 16000);
            for (int i = 0; i < FRAME; i++) {
                inputs[s][i] = (short) (10000 * Math.sin((s + 1) * 0.01 * i));
            }
        }
        output = new short[streams[0].maxOutputSamples(FRAME)];
    }

    /** One frame for each of the streams. */
    @Benchmark
    @OperationsPerInvocation(STREAMS)
    public void oneFramePerStream(Blackhole sink) {
        for (int s = 0; s < STREAMS; s++) {
            sink.consume(streams[s].process(inputs[s], 0, FRAME, output, 0));
        }
        sink.consume(output);
    }
}
