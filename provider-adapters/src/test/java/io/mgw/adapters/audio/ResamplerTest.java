package io.mgw.adapters.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResamplerTest {

    private static short[] sine(double frequency, int rate, int samples, double amplitude) {
        short[] out = new short[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * frequency * i / rate));
        }
        return out;
    }

    private static double rms(short[] signal, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) signal[i] * signal[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    /** Feeds the signal in 20 ms pieces, as the gateway does. */
    private static short[] streamed(Resampler resampler, short[] input, int piece) {
        short[] out = new short[resampler.maxOutputSamples(input.length) + input.length / piece + 8];
        int written = 0;
        for (int offset = 0; offset < input.length; offset += piece) {
            int length = Math.min(piece, input.length - offset);
            written += resampler.process(input, offset, length, out, written);
        }
        return java.util.Arrays.copyOf(out, written);
    }

    @Test
    void oneKilohertzSurvives8kTo16kTo8kAbove40dBSnr() {
        short[] input = sine(1000, 8000, 8000, 12000);
        Resampler up = Resampler.create(8000, 16000);
        Resampler down = Resampler.create(16000, 8000);
        short[] wide = streamed(up, input, 160);
        assertEquals(16000, wide.length);
        short[] back = streamed(down, wide, 320);
        assertEquals(8000, back.length);
        int delay = (int) Math.round(up.delayOutputSamples() / 2 + down.delayOutputSamples());
        double best = Double.NEGATIVE_INFINITY;
        for (int lag = delay - 2; lag <= delay + 2; lag++) {
            double signal = 0;
            double noise = 0;
            for (int i = 400; i < 7000; i++) {
                double error = back[i + lag] - input[i];
                signal += (double) input[i] * input[i];
                noise += error * error;
            }
            best = Math.max(best, 10 * Math.log10(signal / noise));
        }
        assertTrue(best > 40, "SNR " + best + " dB");
    }

    @Test
    void sixKilohertzIsRemovedWhenGoing16kTo8k() {
        short[] input = sine(6000, 16000, 16000, 16000);
        short[] output = streamed(Resampler.create(16000, 8000), input, 320);
        double inputRms = rms(input, 1000, 15000);
        double outputRms = rms(output, 500, 7500);
        double attenuation = 20 * Math.log10(inputRms / Math.max(outputRms, 1e-9));
        assertTrue(attenuation >= 40, "attenuation " + attenuation + " dB");
    }

    @Test
    void upsamplingSuppressesTheSpectralImage() {
        // A 3 kHz tone at 8 kHz has its image at 5 kHz after 8k -> 16k; sample repetition would keep it.
        short[] output = streamed(Resampler.create(8000, 16000), sine(3000, 8000, 8000, 16000), 160);
        double image = goertzel(output, 2000, 14000, 5000, 16000);
        double tone = goertzel(output, 2000, 14000, 3000, 16000);
        assertTrue(20 * Math.log10(tone / image) > 40, "image rejection");
    }

    @Test
    void everyRatePairKeepsLevelAndLength() {
        for (int in : Resampler.SUPPORTED_RATES) {
            for (int out : Resampler.SUPPORTED_RATES) {
                Resampler resampler = Resampler.create(in, out);
                short[] input = sine(440, in, in, 10000);
                short[] output = streamed(resampler, input, in / 50);
                assertEquals(out, output.length, in + "->" + out);
                double ratio = rms(output, out / 10, out * 9 / 10) / rms(input, in / 10, in * 9 / 10);
                assertEquals(1.0, ratio, 0.01, in + "->" + out);
            }
        }
    }

    @Test
    void theTelephoneBandPassesFlatBothWaysAndTheHalfBandStopBandHolds() {
        for (int tone : new int[] {300, 1000, 3300}) {
            short[] narrow = sine(tone, 8000, 8000, 16000);
            short[] wide = streamed(Resampler.create(8000, 16000), narrow, 160);
            double upGain = 20 * Math.log10(rms(wide, 2000, 14000) / rms(narrow, 1000, 7000));
            assertEquals(0.0, upGain, 0.1, tone + " Hz up");
            short[] back = streamed(Resampler.create(16000, 8000), sine(tone, 16000, 16000, 16000), 320);
            double downGain = 20 * Math.log10(rms(back, 1000, 7000) / rms(sine(tone, 16000, 16000, 16000), 2000, 14000));
            assertEquals(0.0, downGain, 0.1, tone + " Hz down");
        }
        short[] alias = streamed(Resampler.create(16000, 8000), sine(4800, 16000, 16000, 16000), 320);
        double attenuation = 20 * Math.log10(rms(sine(4800, 16000, 16000, 16000), 2000, 14000) / Math.max(rms(alias, 1000, 7000), 1e-9));
        assertTrue(attenuation >= 60, "4.8 kHz folds to 3.2 kHz unless removed: " + attenuation + " dB");
    }

    @Test
    void streamingInPiecesEqualsOneCall() {
        short[] input = sine(700, 24000, 4800, 9000);
        short[] whole = Resampler.create(24000, 16000).process(input);
        short[] pieces = streamed(Resampler.create(24000, 16000), input, 37);
        assertArrayEquals(whole, pieces);
        short[] down = Resampler.create(16000, 8000).process(input);
        assertArrayEquals(down, streamed(Resampler.create(16000, 8000), input, 37), "odd pieces keep the halving phase");
        short[] up = Resampler.create(8000, 16000).process(input);
        assertArrayEquals(up, streamed(Resampler.create(8000, 16000), input, 37));
    }

    @Test
    void refusesUnsupportedRates() {
        assertThrows(IllegalArgumentException.class, () -> Resampler.create(11025, 8000));
    }

    private static double goertzel(short[] signal, int from, int to, double frequency, int rate) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / rate);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < to; i++) {
            double s = signal[i] + coefficient * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        return Math.sqrt(s1 * s1 + s2 * s2 - coefficient * s1 * s2);
    }

    @Test
    void clipRoundsHalfAwayFromZeroAndSaturates() {
        float[] values = {0f, -0f, 0.49f, 0.5f, -0.5f, 1.5f, -1.5f, 2.5f, -2.5f, 100.49f, -100.51f, 32766.4f, 32766.5f,
                32767f, 32767.6f, 40000f, -32767.5f, -32768f, -32768.7f, -1e9f, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, Float.NaN};
        short[] expected = {0, 0, 0, 1, -1, 2, -2, 3, -3, 100, -101, 32766, 32767,
                32767, 32767, 32767, -32768, -32768, -32768, -32768, 32767,
                -32768, 0};
        for (int i = 0; i < values.length; i++) {
            assertEquals(expected[i], Resampler.clip(values[i]), "clip(" + values[i] + ")");
        }
    }
}
