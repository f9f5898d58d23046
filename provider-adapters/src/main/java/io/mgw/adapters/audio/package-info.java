/**
 * Audio for telephony: ITU-T G.711 mu-law and A-law ({@link io.mgw.adapters.audio.MuLaw},
 * {@link io.mgw.adapters.audio.ALaw}), PCM16 little-endian ({@link io.mgw.adapters.audio.Pcm16}),
 * anti-aliased resampling between 8, 16, 24 and 48 kHz ({@link io.mgw.adapters.audio.Resampler}),
 * fixed-duration re-chunking ({@link io.mgw.adapters.audio.Rechunker}) and a per-direction
 * converter that chains them ({@link io.mgw.adapters.audio.AudioTranscoder}).
 *
 * <p>Pure code, no I/O. Codec classes are stateless and thread-safe; resamplers, rechunkers and
 * transcoders hold per-stream state and belong to one call direction.
 */
package io.mgw.adapters.audio;
