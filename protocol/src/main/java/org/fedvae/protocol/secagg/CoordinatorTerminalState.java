package org.fedvae.protocol.secagg;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.fedvae.protocol.proto.SecAggMessage;

/** A round that has ended (completed or aborted): it collects nothing, has no members and never closes again. */
abstract class CoordinatorTerminalState extends CoordinatorState {

    CoordinatorTerminalState(CoordinatorContext ctx) {
        super(ctx);
    }

    @Override
    SecAggMessage.BodyCase collects() {
        return SecAggMessage.BodyCase.BODY_NOT_SET;
    }

    @Override
    void accept(int sender, SecAggMessage message) {
        throw new IllegalStateException("a " + stage().name().toLowerCase(Locale.ROOT) + " round accepts nothing");
    }

    @Override
    boolean complete() {
        return false;
    }

    @Override
    CoordinatorState close(List<Outgoing> out) {
        return this;
    }

    @Override
    Set<Integer> members() {
        return Set.of();
    }
}
