package org.fedvae.simulations.privacy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import org.fedvae.participant.privacy.PrivacySpent;
import org.fedvae.participant.privacy.RdpAccountant;
import org.fedvae.simulations.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code privacy sigma}: the noise a DP-SGD run needs to stay within a target epsilon. */
@Command(
        name = "sigma",
        mixinStandardHelpOptions = true,
        description = {
            "The smallest noise multiplier (to a relative 1e-9, rounded up) for which STEPS steps at sampling"
                    + " rate q stay within the target epsilon at delta, by the same accounting as `privacy"
                    + " epsilon` (exact Renyi DP at every order, default orders).",
            "Prints {\"noise_multiplier\": S, \"epsilon\": E reached, \"order\": A, ...}."
        })
final class SigmaCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--epsilon", required = true, description = "Target epsilon, positive.")
    double epsilon;

    @Option(names = "--sampling-rate", required = true, description = "q in (0, 1]: batch size / data size.")
    double samplingRate;

    @Option(names = "--steps", required = true, description = "Noisy steps, at least 1.")
    long steps;

    @Option(names = "--delta", required = true, description = "delta in (0, 1), e.g. 1e-5.")
    double delta;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        Inputs.check(
                cmd, epsilon > 0 && epsilon < Double.POSITIVE_INFINITY, "--epsilon must be positive, got " + epsilon);
        Inputs.check(
                cmd, samplingRate > 0 && samplingRate <= 1, "--sampling-rate must be in (0, 1], got " + samplingRate);
        Inputs.check(cmd, steps >= 1, "--steps must be at least 1, got " + steps);
        Inputs.delta(cmd, delta);
        double sigma;
        try {
            sigma = RdpAccountant.noiseMultiplier(samplingRate, steps, delta, epsilon);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage()); // no sigma in the searched range
        }
        PrivacySpent reached = RdpAccountant.epsilon(samplingRate, sigma, steps, delta);
        ObjectNode json = Json.object()
                .put("noise_multiplier", sigma)
                .put("epsilon", reached.epsilon())
                .put("order", reached.order())
                .put("target_epsilon", epsilon)
                .put("delta", delta)
                .put("sampling_rate", samplingRate)
                .put("steps", steps);
        cmd.getOut().println(Json.line(json));
        cmd.getOut().flush();
        return 0;
    }
}
