package io.mgw.adapters.audio;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PairSums} with the Vector API: the JVM's preferred float vector width (16 lanes with AVX-512) cover that many
 * outputs per step, each tap pair two unaligned loads, an add and a fused multiply-add. JDK 17's auto-vectoriser
 * leaves this loop scalar (it reads one array at several offsets); by hand it ran about five times faster here. Only
 * loaded when the {@code jdk.incubator.vector} module is present ({@link PairSums#fastest}).
 */
final class VectorPairSums implements PairSums {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private final float[] g;
    private final ScalarPairSums tail;

    VectorPairSums(float[] weights) {
        this.g = weights.clone();
        this.tail = new ScalarPairSums(weights);
    }

    @Override
    public void sums(float[] x, int base, int count, float[] out) {
        float[] w = g;
        int lanes = SPECIES.length();
        int bound = SPECIES.loopBound(count);
        for (int j = 0; j < bound; j += lanes) {
            FloatVector sum = FloatVector.zero(SPECIES);
            int centre = base + j;
            for (int k = 0; k < w.length; k++) {
                FloatVector right = FloatVector.fromArray(SPECIES, x, centre + 1 + k);
                FloatVector left = FloatVector.fromArray(SPECIES, x, centre - k);
                sum = right.add(left).fma(FloatVector.broadcast(SPECIES, w[k]), sum);
            }
            sum.intoArray(out, j);
        }
        tail.sums(x, base, bound, count, out);
    }

    @Override
    public String toString() {
        return "VectorPairSums[" + SPECIES + "]";
    }
}
