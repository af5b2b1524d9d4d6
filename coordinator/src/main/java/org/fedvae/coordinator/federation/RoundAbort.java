package org.fedvae.coordinator.federation;

import java.util.Locale;
import java.util.Objects;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.secagg.SecAggStage;

/**
 * Why a round ended without a new global model: a typed cause (what metrics.csv's abort_code
 * column holds), the stage it happened in, and a free-text detail for people.
 *
 * @param stage the stage the round was in ("advertise_keys", "plain_updates", ...); empty if none applies
 */
public record RoundAbort(Cause cause, String stage, String detail) {

    public enum Cause {
        /** Fewer than the threshold were left at some stage: nothing was unmasked. */
        BELOW_THRESHOLD,
        /** A stage's deadline passed with too few messages for the round to go on. */
        TIMEOUT,
        /** The secure-aggregation machine aborted for another protocol reason (named in the detail). */
        PROTOCOL_ABORT,
        /** The unmasked sum is not a sum of valid updates (someone masked garbage). */
        INVALID_AGGREGATE,
        /** A bug on the coordinator's side surfaced during the round; the run goes on. */
        INTERNAL_ERROR,
        /** The coordinator stopped during the round (found on resume). */
        INTERRUPTED
    }

    public RoundAbort {
        Objects.requireNonNull(cause, "cause");
        stage = stage == null ? "" : stage;
        detail = detail == null ? "" : detail;
    }

    /** The secure-aggregation machine's own abort, as a round abort. */
    static RoundAbort ofSecAgg(SecAggAbortReason reason, String stage, String detail) {
        return switch (reason) {
            case BELOW_THRESHOLD -> new RoundAbort(Cause.BELOW_THRESHOLD, stage, detail);
            case TIMEOUT -> new RoundAbort(Cause.TIMEOUT, stage, detail);
            default -> new RoundAbort(Cause.PROTOCOL_ABORT, stage, reason + ": " + detail);
        };
    }

    /** The name stages go by in logs and metrics.csv columns. */
    static String stageName(SecAggStage s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    /** E.g. "BELOW_THRESHOLD in advertise_keys: the AdvertiseKeys stage closed with 2 of 3 expected participants". */
    @Override
    public String toString() {
        return cause + (stage.isEmpty() ? "" : " in " + stage) + (detail.isEmpty() ? "" : ": " + detail);
    }
}
