package org.fedvae.simulations.privacy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import org.fedvae.participant.privacy.Mechanism;
import org.fedvae.participant.privacy.RdpOrders;
import org.fedvae.simulations.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code privacy rdp}: the Renyi DP of a DP-SGD run at chosen orders. */
@Command(
        name = "rdp",
        mixinStandardHelpOptions = true,
        description = {
            "The Renyi DP of STEPS steps of the Poisson-subsampled Gaussian mechanism at each order: steps times"
                    + " log(A_alpha)/(alpha - 1) (Mironov, Talwar, Zhang 2019).",
            "Integer orders: the exact binomial sum. Fractional orders: the exact value by numerical integration"
                    + " (6.5007e-4 at order 1.5 for q 0.01, sigma 2.5, 50 steps), below the absolute-value bound"
                    + " Google's dp_accounting reports (6.7058e-4).",
            "Prints {\"orders\": [...], \"rdp\": [...], ...}."
        })
final class RdpCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    MechanismOptions options;

    @Option(
            names = "--orders",
            split = ",",
            paramLabel = "A",
            description = "Renyi orders, each finite and above 1 (default: dp_accounting's 156 default orders).")
    double[] orders;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        Mechanism mechanism = options.mechanism(cmd);
        double[] at = orders == null ? RdpOrders.defaults() : orders;
        try {
            RdpOrders.check(at);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "--orders: " + e.getMessage());
        }
        double[] rdp = mechanism.rdp(at);
        ObjectNode json = Json.object();
        ArrayNode orderArray = json.putArray("orders");
        ArrayNode rdpArray = json.putArray("rdp");
        for (int i = 0; i < at.length; i++) {
            orderArray.add(at[i]);
            rdpArray.add(rdp[i]);
        }
        json.put("sampling_rate", mechanism.samplingRate())
                .put("noise_multiplier", mechanism.noiseMultiplier())
                .put("steps", mechanism.steps());
        cmd.getOut().println(Json.line(json));
        cmd.getOut().flush();
        return 0;
    }
}
