/** Cloudonix: {@code CloudonixCodec} (media stream), {@code CloudonixMessages} (wire records), {@code CloudonixCallControl} (REST). */
package io.mgw.adapters.provider.cloudonix;
