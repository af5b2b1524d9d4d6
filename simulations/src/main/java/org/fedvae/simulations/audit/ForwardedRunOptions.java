package org.fedvae.simulations.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fedvae.simulations.federation.RunCommand;
import org.fedvae.simulations.federation.SimulationSettings;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The federation the audit trains: every option the audit does not know itself goes to {@code run}'s
 * own parser, after the audit's defaults (so the user's value wins). Whatever {@code run} accepts
 * (strategy, learning rate, partition, the DP-SGD options) thus
 * reaches the audited training unchanged, with {@code run}'s checks and messages.
 *
 * @param settings the federation
 * @param claimed  the (epsilon, delta) guarantee {@code run}'s {@code --dp-epsilon} and
 *                 {@code --dp-delta} ask for, if they are set
 * @param args     the arguments given to {@code run}, defaults first (for config.json)
 */
record ForwardedRunOptions(SimulationSettings settings, Optional<Claim> claimed, List<String> args) {

    /** A differential-privacy guarantee to check the attacks against. */
    record Claim(double epsilon, double delta, String source) {}

    static final String DP_EPSILON = "--dp-epsilon";
    static final String DP_DELTA = "--dp-delta";

    /**
     * Parses {@code forwarded} as {@code run} options over {@code defaults}; a bad option or value
     * is a {@link CommandLine.ParameterException} of {@code audit} (usage error, exit code 2).
     */
    static ForwardedRunOptions parse(CommandLine audit, List<String> defaults, List<String> forwarded) {
        List<String> args = new ArrayList<>(defaults);
        args.addAll(forwarded);
        RunCommand run = new RunCommand();
        CommandLine line = new CommandLine(run).setOverwrittenOptionsAllowed(true);
        try {
            line.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new CommandLine.ParameterException(
                    audit, e.getMessage() + " (options the audit does not know go to run)", e);
        }
        SimulationSettings settings;
        try {
            settings = run.settings();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(audit, e.getMessage(), e);
        }
        if (settings.processes()) {
            throw new CommandLine.ParameterException(
                    audit,
                    "--processes is not available in an audit: site JVMs would load the whole dataset, "
                            + "not the audit's member set");
        }
        OptionSpec model = line.getCommandSpec().findOption("--model");
        if (model != null && !"vae".equals(model.getValue())) {
            throw new CommandLine.ParameterException(
                    audit, "--model " + model.getValue() + " is not available in an audit: it attacks the plain VAE");
        }
        return new ForwardedRunOptions(settings, claim(audit, line), List.copyOf(args));
    }

    /** The DP guarantee {@code run} was asked to train with; empty if DP is off. */
    private static Optional<Claim> claim(CommandLine audit, CommandLine run) {
        Optional<Double> epsilon = positive(run.getCommandSpec().findOption(DP_EPSILON));
        if (epsilon.isEmpty()) {
            return Optional.empty();
        }
        Optional<Double> delta = positive(run.getCommandSpec().findOption(DP_DELTA));
        if (delta.isEmpty()) {
            throw new CommandLine.ParameterException(
                    audit, DP_EPSILON + " needs " + DP_DELTA + " for the audit's check");
        }
        return Optional.of(new Claim(epsilon.get(), delta.get(), "run " + DP_EPSILON + "/" + DP_DELTA));
    }

    private static Optional<Double> positive(OptionSpec option) {
        if (option == null || option.getValue() == null) {
            return Optional.empty();
        }
        Object v = option.getValue();
        double d = v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString());
        return d > 0 && Double.isFinite(d) ? Optional.of(d) : Optional.empty();
    }
}
