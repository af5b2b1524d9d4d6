package org.fedvae.coordinator.http;

import java.util.Optional;

/**
 * Pictures of a round's model for the page, from whoever has the decoder (a simulation); the
 * coordinator itself is model-agnostic and has none.
 */
@FunctionalInterface
public interface RoundImages {

    RoundImages NONE = round -> Optional.empty();

    /** The PNG of samples from the model after {@code round}, if there is one yet. */
    Optional<byte[]> samplesPng(long round);
}
