/**
 * The one in-memory message router of every secure-aggregation harness:
 * {@link org.fedvae.protocol.harness.SecAggRouter} runs a round between a coordinator machine and
 * its participants in a fixed, reproducible order, and {@link org.fedvae.protocol.harness.Interceptor}s
 * drop participants ({@link org.fedvae.protocol.harness.Interceptors#dropAt}), replace messages
 * (the fuzzer's hooks, {@link org.fedvae.protocol.harness.Interceptors#wireRoundTrip}) and record
 * events ({@link org.fedvae.protocol.harness.RouteEvent}, the test vectors' transcripts).
 * Test tooling: this module never ships in a production jar.
 */
package org.fedvae.protocol.harness;
