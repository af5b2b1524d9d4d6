package org.fedvae.simulations.federation;

/** The same round with and without secure aggregation: what the masking costs and changes. */
record SecAggComparison(double wallRatio, double bytesRatio, double maxAbsDiff, double bound) {

    static SecAggComparison of(SimulationResult secure, SimulationResult plain) {
        var a = secure.rounds().get(0).metrics();
        var b = plain.rounds().get(0).metrics();
        float[] x = secure.firstRoundModel().toFlatArray();
        float[] y = plain.finalModel().toFlatArray();
        double diff = 0;
        for (int i = 0; i < x.length; i++) {
            diff = Math.max(diff, Math.abs(x[i] - y[i]));
        }
        // Each run is within the quantization bound of the exact average, so the two within twice it.
        return new SecAggComparison(
                warmRoundSeconds(secure) / b.seconds(),
                (double) a.bytesIn() / b.bytesIn(),
                diff,
                2 * secure.roundOneQuantizationBound());
    }

    /**
     * The median round time after round 1, whose time includes warming up the JIT; the plain
     * round runs after the whole federation, warm, so this compares like with like.
     */
    private static double warmRoundSeconds(SimulationResult r) {
        double[] s = r.rounds().stream()
                .skip(r.rounds().size() > 1 ? 1 : 0)
                .mapToDouble(x -> x.metrics().seconds())
                .sorted()
                .toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
