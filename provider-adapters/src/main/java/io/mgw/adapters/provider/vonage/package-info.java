/** Vonage: {@code VonageCodec} (media stream), {@code VonageMessages} (wire records), {@code VonageCallControl} (REST). */
package io.mgw.adapters.provider.vonage;
