package org.fedvae.coordinator.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.fedvae.protocol.encoding.VectorLayout;
import org.fedvae.protocol.proto.Abort;
import org.fedvae.protocol.proto.Envelope;
import org.fedvae.protocol.proto.ErrorMessage;
import org.fedvae.protocol.proto.ErrorMessage.ErrorCode;
import org.fedvae.protocol.proto.LocalReport;
import org.fedvae.protocol.proto.PlainUpdate;
import org.fedvae.protocol.proto.RoundStart;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.proto.ShareKeys;
import org.fedvae.protocol.proto.Welcome;
import org.fedvae.protocol.transport.Endpoint;
import org.fedvae.protocol.transport.PipelineNames;
import org.fedvae.protocol.transport.TransportException;
import org.fedvae.protocol.transport.TransportLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Round-level bad input against a real coordinator: in each case one cohort member of five
 * misbehaves in one way. It gets a clear error and leaves the round; the other four complete the
 * round, and the new model is exactly their aggregate (the coordinator loses nothing and adds
 * nothing). Transport-level cases without a round are covered in the transport package.
 */
@Timeout(120)
class RoundBadInputTest {

    private static EventLoopGroup clients;

    @BeforeAll
    static void startClients() {
        clients = new Endpoint.InVm("unused").newEventLoopGroup(2, "scripted-clients");
    }

    @AfterAll
    static void stopClients() {
        clients.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** A script that misbehaves only on the participant's AdvertiseKeys, by replacing it. */
    private static ScriptedParticipant.Script onAdvertise(java.util.function.UnaryOperator<Envelope> change) {
        return new ScriptedParticipant.Script() {
            @Override
            public Envelope beforeSend(Envelope e) {
                return e.hasSecagg() && e.getSecagg().hasAdvertiseKeys() ? change.apply(e) : e;
            }
        };
    }

    /** A script that sends its AdvertiseKeys and then writes something else on the connection. */
    private static ScriptedParticipant.Script afterAdvertise(java.util.function.Consumer<Channel> extra) {
        return new ScriptedParticipant.Script() {
            @Override
            public void afterSend(Envelope e, Channel channel) {
                if (e.hasSecagg() && e.getSecagg().hasAdvertiseKeys()) {
                    extra.accept(channel);
                }
            }
        };
    }

    private static Envelope withSecAgg(Envelope e, java.util.function.UnaryOperator<SecAggMessage.Builder> change) {
        return e.toBuilder().setSecagg(change.apply(e.getSecagg().toBuilder())).build();
    }

    static Stream<Arguments> misbehaviours() {
        return Stream.of(
                Arguments.of("envelope for another round", ErrorCode.WRONG_ROUND, (Supplier<ScriptedParticipant.Script>)
                        () -> onAdvertise(e ->
                                e.toBuilder().setRoundId(e.getRoundId() + 7).build())),
                Arguments.of("secure-aggregation message for another round", ErrorCode.WRONG_ROUND, (Supplier<
                                ScriptedParticipant.Script>)
                        () -> onAdvertise(e -> withSecAgg(e, m -> m.setRoundId(m.getRoundId() + 1)))),
                Arguments.of("message of a later stage", ErrorCode.WRONG_STAGE, (Supplier<ScriptedParticipant.Script>)
                        () -> onAdvertise(e -> withSecAgg(e, m -> m.setShareKeys(ShareKeys.getDefaultInstance())))),
                Arguments.of(
                        "plain update in a secure round", ErrorCode.WRONG_STAGE, (Supplier<ScriptedParticipant.Script>)
                                () -> onAdvertise(e -> e.toBuilder()
                                        .setPlainUpdate(PlainUpdate.getDefaultInstance())
                                        .build())),
                Arguments.of("coordinator-only message", ErrorCode.WRONG_STAGE, (Supplier<ScriptedParticipant.Script>)
                        () -> onAdvertise(e -> e.toBuilder()
                                .setRoundStart(RoundStart.getDefaultInstance())
                                .build())),
                Arguments.of("bad signature", ErrorCode.BAD_SIGNATURE, (Supplier<ScriptedParticipant.Script>)
                        () -> onAdvertise(e -> withSecAgg(e, m -> {
                            byte[] sig = m.getAdvertiseKeys().getSignature().toByteArray();
                            sig[5] ^= 1;
                            return m.setAdvertiseKeys(m.getAdvertiseKeys().toBuilder()
                                    .setSignature(com.google.protobuf.ByteString.copyFrom(sig)));
                        }))),
                Arguments.of("another member's secure-aggregation id", ErrorCode.UNAUTHENTICATED, (Supplier<
                                ScriptedParticipant.Script>)
                        () -> onAdvertise(e -> withSecAgg(e, m -> m.setSenderId(1)))),
                Arguments.of(
                        "wrong protocol version", ErrorCode.UNSUPPORTED_VERSION, (Supplier<ScriptedParticipant.Script>)
                                () -> onAdvertise(e ->
                                        e.toBuilder().setProtocolVersion(99).build())),
                Arguments.of("malformed frame", ErrorCode.MALFORMED_FRAME, (Supplier<ScriptedParticipant.Script>)
                        () -> afterAdvertise(ch -> ch.writeAndFlush(Unpooled.wrappedBuffer(
                                new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF})))),
                Arguments.of("frame over the limit", ErrorCode.FRAME_TOO_LARGE, (Supplier<ScriptedParticipant.Script>)
                        () -> afterAdvertise(ch -> {
                            ByteBuf b = Unpooled.buffer()
                                    .writeInt(TransportLimits.DEFAULT_MAX_FRAME_BYTES + 1)
                                    .writeBytes(new byte[64]);
                            ch.pipeline().context(PipelineNames.FRAME_ENCODER).writeAndFlush(b);
                        })),
                // Protocol version 1's plain per-site report: a v2 coordinator refuses it, even empty.
                Arguments.of("a LocalReport", ErrorCode.WRONG_STAGE, (Supplier<ScriptedParticipant.Script>)
                        () -> new ScriptedParticipant.Script() {
                            @Override
                            public void afterSend(Envelope e, Channel channel) {
                                if (e.hasSecagg() && e.getSecagg().hasAdvertiseKeys()) {
                                    channel.writeAndFlush(e.toBuilder()
                                            .setLocalReport(LocalReport.getDefaultInstance())
                                            .build());
                                }
                            }
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misbehaviours")
    void misbehavingMemberLeavesWithAClearErrorAndTheOthersRoundCompletes(
            String name, ErrorCode expected, Supplier<ScriptedParticipant.Script> script) throws Exception {
        List<ScriptedParticipant> honest = ScriptedFederation.honest(1, 4);
        ScriptedParticipant odd = new ScriptedParticipant("odd-1", script.get());
        List<ScriptedParticipant> all = new ArrayList<>(honest);
        all.add(odd);
        try (ScriptedFederation fed = new ScriptedFederation(ScriptedFederation.policy(1, 5), all)) {
            fed.connectAll(clients);
            ErrorMessage error = odd.nextError();
            assertEquals(expected, error.getCode(), error.getMessage());
            assertFalse(error.getMessage().isBlank());
            assertTrue(odd.awaitClosed(), "the misbehaving participant's connection stays open");
            ScriptedFederation.Finished f = fed.nextRound();
            ScriptedFederation.assertAggregateOf(f, fed.initial, honest, 5, fed.policy);
            assertEquals(
                    List.of("honest-1", "honest-2", "honest-3", "honest-4", "odd-1"),
                    f.metrics().cohort());
            for (ScriptedParticipant h : honest) {
                assertTrue(h.errors.isEmpty(), h.id + " got " + h.errors);
                assertTrue(h.roundEnds
                        .poll(ScriptedParticipant.WAIT_SECONDS, TimeUnit.SECONDS)
                        .getCompleted());
            }
            assertEquals(1L, fed.coordinator.finished().get(ScriptedParticipant.WAIT_SECONDS, TimeUnit.SECONDS));
        }
    }

    @Test
    void stalledMemberIsDismissedAtTheDeadlineAndTheRoundGoesOn() throws Exception {
        List<ScriptedParticipant> honest = ScriptedFederation.honest(1, 4);
        ScriptedParticipant stalled = new ScriptedParticipant("stalled-1", new ScriptedParticipant.Script() {
            @Override
            public Envelope beforeSend(Envelope e) {
                return e.hasSecagg() ? null : e; // connected and heart-beating, but silent in the round
            }
        });
        List<ScriptedParticipant> all = new ArrayList<>(honest);
        all.add(stalled);
        try (ScriptedFederation fed = new ScriptedFederation(ScriptedFederation.policy(1, 5), all)) {
            fed.connectAll(clients);
            Abort dismissal = stalled.aborts.poll(ScriptedParticipant.WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(SecAggAbortReason.TIMEOUT, dismissal.getReason(), dismissal.toString());
            ScriptedFederation.Finished f = fed.nextRound();
            ScriptedFederation.assertAggregateOf(f, fed.initial, honest, 5, fed.policy);
            assertTrue(
                    stalled.stayedToTheEnd(),
                    "a slow member is dismissed from the round, not disconnected: " + stalled.errors);
        }
    }

    @Test
    void memberThatFallsSilentIsCutOffByTheIdleTimeoutAndTheRoundGoesOn() throws Exception {
        List<ScriptedParticipant> honest = ScriptedFederation.honest(1, 4);
        ScriptedParticipant silent = new ScriptedParticipant("silent-1", new ScriptedParticipant.Script() {
            private boolean hung;

            @Override
            public Envelope beforeSend(Envelope e) {
                return hung ? null : e;
            }

            @Override
            public void afterSend(Envelope e, Channel channel) {
                if (e.hasSecagg() && e.getSecagg().hasAdvertiseKeys()) {
                    // From here on no messages and no heartbeats: a peer whose process hangs.
                    hung = true;
                    channel.pipeline().remove(PipelineNames.IDLE_STATE);
                }
            }
        });
        List<ScriptedParticipant> all = new ArrayList<>(honest);
        all.add(silent);
        TransportLimits quick = TransportLimits.DEFAULTS.withIdleTimeout(java.time.Duration.ofMillis(1500));
        RoundPolicy patient = ScriptedFederation.policy(1, 5)
                .with(new RoundPolicy.Deadlines(java.time.Duration.ofSeconds(20), java.time.Duration.ofSeconds(20)));
        try (ScriptedFederation fed = new ScriptedFederation(patient, all, quick)) {
            fed.connectAll(clients);
            ErrorMessage cut = silent.nextError();
            assertEquals(ErrorCode.TIMEOUT, cut.getCode(), cut.getMessage());
            assertTrue(silent.awaitClosed());
            ScriptedFederation.Finished f = fed.nextRound();
            ScriptedFederation.assertAggregateOf(f, fed.initial, honest, 5, fed.policy);
        }
    }

    @Test
    void messageThatCrossesItsDismissalIsIgnoredAndCostsNoConnection() throws Exception {
        List<ScriptedParticipant> honest = ScriptedFederation.honest(1, 4);
        ScriptedParticipant late = new ScriptedParticipant("late-1", new ScriptedParticipant.Script() {
            private Envelope held;

            @Override
            public Envelope beforeSend(Envelope e) {
                if (held == null && e.hasSecagg() && e.getSecagg().hasAdvertiseKeys()) {
                    held = e; // too slow: it goes out only after the deadline passed
                    return null;
                }
                return e;
            }

            @Override
            public void coordinatorAborted(Abort abort, Channel channel) {
                channel.writeAndFlush(held);
            }
        });
        List<ScriptedParticipant> all = new ArrayList<>(honest);
        all.add(late);
        try (ScriptedFederation fed = new ScriptedFederation(ScriptedFederation.policy(1, 5), all)) {
            fed.connectAll(clients);
            assertEquals(
                    SecAggAbortReason.TIMEOUT,
                    late.aborts
                            .poll(ScriptedParticipant.WAIT_SECONDS, TimeUnit.SECONDS)
                            .getReason());
            ScriptedFederation.Finished f = fed.nextRound();
            ScriptedFederation.assertAggregateOf(f, fed.initial, honest, 5, fed.policy);
            assertTrue(late.stayedToTheEnd(), "the straggler was refused: " + late.errors);
        }
    }

    @Test
    void secondConnectionWithAConnectedIdIsRefusedAndTheRoundIsUndisturbed() throws Exception {
        CountDownLatch midRound = new CountDownLatch(1);
        List<ScriptedParticipant> all = ScriptedFederation.honest(1, 4);
        all = new ArrayList<>(all);
        all.add(new ScriptedParticipant("honest-5", afterAdvertise(ch -> midRound.countDown())));
        try (ScriptedFederation fed = new ScriptedFederation(ScriptedFederation.policy(1, 5), all)) {
            fed.connectAll(clients);
            assertTrue(midRound.await(ScriptedParticipant.WAIT_SECONDS, TimeUnit.SECONDS));
            ScriptedParticipant impostor = new ScriptedParticipant("honest-2", ScriptedParticipant.Script.HONEST);
            Future<Welcome> refused = impostor.connect(clients, fed.endpoint);
            TransportException e = assertInstanceOf(TransportException.class, refused.cause());
            assertEquals(ErrorCode.DUPLICATE_PARTICIPANT, e.code(), e.getMessage());
            ScriptedFederation.Finished f = fed.nextRound();
            ScriptedFederation.assertAggregateOf(f, fed.initial, all, 5, fed.policy);
        }
    }

    @Test
    void roundBelowThresholdAbortsCleanlyAndTheNextRoundStarts() throws Exception {
        // A round starts as soon as three are connected: the two leavers and honest-1 connect
        // first, so round 1 is theirs. The leavers advertise and vanish: one of three is left,
        // three were needed. honest-2 and honest-3 connect only once the coordinator has seen
        // both leavers go, so round 2 is the three honest ones' (had a leaver still counted as
        // connected, round 2 could have started with it and aborted too: the flake this fixes).
        List<ScriptedParticipant> leavers = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            leavers.add(new ScriptedParticipant("leaver-" + i, afterAdvertise(Channel::close)));
        }
        List<ScriptedParticipant> stay = ScriptedFederation.honest(1, 3);
        List<ScriptedParticipant> all = new ArrayList<>(leavers);
        all.addAll(stay);
        try (ScriptedFederation fed = new ScriptedFederation(ScriptedFederation.policy(2, 3), all)) {
            List<ScriptedParticipant> firstThree = new ArrayList<>(leavers);
            firstThree.add(stay.get(0));
            fed.connect(clients, firstThree);
            ScriptedFederation.Finished first = fed.nextRound();
            assertEquals(
                    List.of("honest-1", "leaver-1", "leaver-2"), first.metrics().cohort());
            assertFalse(first.metrics().completed());
            assertEquals(
                    RoundAbort.Cause.BELOW_THRESHOLD,
                    first.metrics().abort().orElseThrow().cause(),
                    first.metrics().toString());
            assertTrue(
                    first.metrics().abortReason().orElseThrow().startsWith("BELOW_THRESHOLD"),
                    first.metrics().toString());
            assertTrue(first.model().bitEquals(fed.initial), "an aborted round changed the model");
            ScriptedParticipant h1 = stay.get(0);
            assertEquals(
                    SecAggAbortReason.BELOW_THRESHOLD,
                    h1.aborts
                            .poll(ScriptedParticipant.WAIT_SECONDS, TimeUnit.SECONDS)
                            .getReason());
            assertFalse(h1.roundEnds
                    .poll(ScriptedParticipant.WAIT_SECONDS, TimeUnit.SECONDS)
                    .getCompleted());
            fed.awaitDepartures("leaver-1", "leaver-2");

            fed.connect(clients, stay.subList(1, 3));
            ScriptedFederation.Finished second = fed.nextRound();
            assertEquals(2, second.metrics().roundId());
            ScriptedFederation.assertAggregateOf(second, first.model(), stay, 3, fed.policy);
            assertEquals(2L, fed.coordinator.finished().get(ScriptedParticipant.WAIT_SECONDS, TimeUnit.SECONDS));
        }
    }

    @Test
    void maskedGarbageAbortsTheRoundWithoutCrashingTheCoordinator() throws Exception {
        List<ScriptedParticipant> all = new ArrayList<>(ScriptedFederation.honest(1, 4));
        all.add(new ScriptedParticipant("garbage-1", new ScriptedParticipant.Script() {
            @Override
            public int[] encoded(int[] honest) {
                int[] junk = new int[honest.length];
                java.util.Arrays.fill(junk, 0x7FFF_FFFF);
                return junk;
            }
        }));
        try (ScriptedFederation fed = new ScriptedFederation(ScriptedFederation.policy(2, 5), all)) {
            fed.connectAll(clients);
            for (int round = 1; round <= 2; round++) {
                ScriptedFederation.Finished f = fed.nextRound();
                assertEquals(round, f.metrics().roundId());
                assertTrue(
                        f.metrics().abortReason().orElseThrow().contains("not a sum of valid updates"),
                        f.metrics().toString());
                assertTrue(f.model().bitEquals(fed.initial));
            }
            assertEquals(2L, fed.coordinator.finished().get(ScriptedParticipant.WAIT_SECONDS, TimeUnit.SECONDS));
        }
    }

    @Test
    void plainUpdateOutOfRangeIsRefusedInAComparisonRound() throws Exception {
        List<ScriptedParticipant> honest = ScriptedFederation.honest(1, 4);
        ScriptedParticipant odd = new ScriptedParticipant("odd-1", new ScriptedParticipant.Script() {
            @Override
            public int[] encoded(int[] words) {
                int[] w = words.clone();
                w[3] = -1; // far above 2 * weight * K
                return w;
            }
        });
        List<ScriptedParticipant> all = new ArrayList<>(honest);
        all.add(odd);
        try (ScriptedFederation fed =
                new ScriptedFederation(ScriptedFederation.policy(1, 5).withSecureAggregation(false), all)) {
            fed.connectAll(clients);
            assertEquals(ErrorCode.MALFORMED_FRAME, odd.nextError().getCode());
            ScriptedFederation.Finished f = fed.nextRound();
            assertFalse(f.metrics().secureAggregation());
            ScriptedFederation.assertAggregateOf(f, fed.initial, honest, 5, fed.policy);
        }
    }

    /**
     * Trailer words no single honest participant can produce: a count above the cap, a loss beyond
     * L_max for its count, a low limb of 17 bits, more clipped coordinates than exist.
     */
    static Stream<Arguments> impossibleTrailers() {
        return Stream.of(
                Arguments.of("count above maxWeight", (java.util.function.Consumer<int[]>)
                        t -> t[VectorLayout.EVAL_COUNT] = 1_000_000),
                Arguments.of("loss beyond L_max", (java.util.function.Consumer<int[]>) t -> {
                    t[VectorLayout.EVAL_COUNT] = 1;
                    t[VectorLayout.LOSS_LO] = 0;
                    t[VectorLayout.LOSS_HI] = 9; // 9 * 2^16 > 1 * 32768 * 16
                }),
                Arguments.of(
                        "17-bit low limb", (java.util.function.Consumer<int[]>) t -> t[VectorLayout.LOSS_LO] = 1 << 16),
                Arguments.of("clip count above the dimension", (java.util.function.Consumer<int[]>)
                        t -> t[VectorLayout.CLIP_LO] = ScriptedFederation.PARAMETERS + 1),
                Arguments.of("clip count's high limb above the dimension", (java.util.function.Consumer<int[]>)
                        t -> t[VectorLayout.CLIP_HI] = 1), // 2^16 > PARAMETERS
                Arguments.of("17-bit clip low limb", (java.util.function.Consumer<int[]>)
                        t -> t[VectorLayout.CLIP_LO] = 1 << 16));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impossibleTrailers")
    void plainUpdateWithImpossibleTrailerWordsIsRefused(String name, java.util.function.Consumer<int[]> change)
            throws Exception {
        List<ScriptedParticipant> honest = ScriptedFederation.honest(1, 4);
        ScriptedParticipant odd = new ScriptedParticipant("odd-1", new ScriptedParticipant.Script() {
            @Override
            public int[] encoded(int[] words) {
                int at = VectorLayout.dimension(words.length);
                int[] trailer = java.util.Arrays.copyOfRange(words, at, words.length);
                change.accept(trailer);
                int[] w = words.clone();
                System.arraycopy(trailer, 0, w, at, trailer.length);
                return w;
            }
        });
        List<ScriptedParticipant> all = new ArrayList<>(honest);
        all.add(odd);
        try (ScriptedFederation fed =
                new ScriptedFederation(ScriptedFederation.policy(1, 5).withSecureAggregation(false), all)) {
            fed.connectAll(clients);
            ErrorMessage error = odd.nextError();
            assertEquals(ErrorCode.MALFORMED_FRAME, error.getCode(), name);
            assertTrue(error.getMessage().contains("evaluation or clip words"), error.getMessage());
            ScriptedFederation.Finished f = fed.nextRound();
            ScriptedFederation.assertAggregateOf(f, fed.initial, honest, 5, fed.policy);
        }
    }
}
