package org.fedvae.protocol.harness;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import java.util.Map;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.secagg.SecAggStage;

/** The interceptors that harnesses share. */
public final class Interceptors {

    private Interceptors() {}

    /**
     * Dropouts on a schedule: a participant scheduled at stage S never sends S's message or any
     * later one (a participant absent from the map never drops).
     */
    public static Interceptor dropAt(Map<Integer, SecAggStage> schedule) {
        Map<Integer, SecAggStage> copy = Map.copyOf(schedule);
        return new Interceptor() {
            @Override
            public boolean dropsBefore(int id, SecAggStage stage) {
                SecAggStage at = copy.get(id);
                return at != null && at.ordinal() <= stage.ordinal();
            }
        };
    }

    /** Every message is serialized and parsed on its way, as a network would. */
    public static Interceptor wireRoundTrip() {
        return new Interceptor() {
            @Override
            public List<SecAggMessage> upstream(int from, SecAggMessage m) {
                return List.of(roundTrip(m));
            }

            @Override
            public List<SecAggMessage> downstream(int to, SecAggMessage m) {
                return List.of(roundTrip(m));
            }
        };
    }

    private static SecAggMessage roundTrip(SecAggMessage m) {
        try {
            return SecAggMessage.parseFrom(m.toByteArray());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a message did not survive its own serialization", e);
        }
    }
}
