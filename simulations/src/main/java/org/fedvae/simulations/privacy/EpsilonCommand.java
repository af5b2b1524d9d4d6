package org.fedvae.simulations.privacy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import org.fedvae.participant.privacy.Mechanism;
import org.fedvae.participant.privacy.PrivacySpent;
import org.fedvae.participant.privacy.RdpAccountant;
import org.fedvae.simulations.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code privacy epsilon}: the (epsilon, delta) guarantee of a DP-SGD run. */
@Command(
        name = "epsilon",
        mixinStandardHelpOptions = true,
        description = {
            "The epsilon of STEPS steps of DP-SGD (Poisson sampling at rate q, Gaussian noise sigma) at the given"
                    + " delta: the smallest over dp_accounting's default Renyi orders (1.1 to 10.9 by 0.1, 11 to 63,"
                    + " 128, 256, 512, 1024) of rdp + log1p(-1/a) - log(delta a)/(a - 1).",
            "Fractional orders are exact (numerical integration), not dp_accounting's absolute-value bound.",
            "Prints {\"epsilon\": E, \"order\": A, ...}; epsilon is null when no order gives a finite bound."
        })
final class EpsilonCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    MechanismOptions options;

    @Option(names = "--delta", required = true, description = "delta in (0, 1), e.g. 1e-5.")
    double delta;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        Mechanism mechanism = options.mechanism(cmd);
        PrivacySpent spent = RdpAccountant.epsilon(
                mechanism.samplingRate(), mechanism.noiseMultiplier(), mechanism.steps(), Inputs.delta(cmd, delta));
        ObjectNode json = Json.object()
                .put("epsilon", spent.epsilon())
                .put("order", spent.order())
                .put("delta", delta)
                .put("sampling_rate", mechanism.samplingRate())
                .put("noise_multiplier", mechanism.noiseMultiplier())
                .put("steps", mechanism.steps());
        cmd.getOut().println(Json.line(json));
        cmd.getOut().flush();
        return 0;
    }
}
