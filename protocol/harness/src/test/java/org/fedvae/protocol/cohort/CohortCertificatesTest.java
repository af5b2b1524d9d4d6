package org.fedvae.protocol.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.fedvae.protocol.crypto.Ed25519KeyPair;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.harness.TestFederationCa;
import org.fedvae.protocol.proto.CohortEntry;
import org.fedvae.protocol.proto.RoundStart;
import org.fedvae.protocol.secagg.RoundConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every member of a cohort authenticated to a participant, and the revocation list's rules. */
class CohortCertificatesTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TestFederationCa CA = TestFederationCa.create("Test federation CA");
    private static final TestFederationCa IMPOSTOR = TestFederationCa.impostorOf(CA);

    /** A cohort of n members "site-1".."site-n" with real keys and certificates, which a test may then spoil. */
    static final class Cohort {
        final List<String> ids = new ArrayList<>();
        final List<Ed25519KeyPair> keys = new ArrayList<>();
        final List<X509Certificate> certificates = new ArrayList<>();
        final Map<Integer, byte[]> configKeys = new TreeMap<>();
        /** Bytes sent instead of a member's certificate, by index. */
        final Map<Integer, byte[]> raw = new TreeMap<>();

        byte[] crl = CA.revocationList(3);

        Cohort(int n) {
            for (int i = 1; i <= n; i++) {
                String id = String.format("site-%02d", i);
                Ed25519KeyPair k = Ed25519KeyPair.generate(RANDOM);
                ids.add(id);
                keys.add(k);
                certificates.add(CA.issue(id, k.publicKey()));
                configKeys.put(i, k.publicKey());
            }
        }

        RoundConfig config() throws Exception {
            return RoundConfig.of(
                    7,
                    RoundConfig.defaultThreshold(ids.size()),
                    10,
                    new EncodingConfig(1f, 12, 1000, ids.size()),
                    configKeys);
        }

        RoundStart start() throws Exception {
            RoundStart.Builder b =
                    RoundStart.newBuilder().setSecagg(config().toProto()).setRevocationList(ByteString.copyFrom(crl));
            for (int i = 0; i < ids.size(); i++) {
                CohortEntry.Builder e =
                        CohortEntry.newBuilder().setParticipantId(ids.get(i)).setSecaggId(i + 1);
                if (raw.containsKey(i)) {
                    e.setCertificate(ByteString.copyFrom(raw.get(i)));
                } else if (certificates.get(i) != null) {
                    e.setCertificate(ByteString.copyFrom(certificates.get(i).getEncoded()));
                }
                b.addCohort(e);
            }
            return b.build();
        }

        long verify(long highestSeen) throws Exception {
            return CohortCertificates.verify(start(), config(), CA.certificate(), highestSeen, Instant.now())
                    .number();
        }
    }

    /** How a lying coordinator might spoil member {@code i}, and a word the refusal must contain. */
    enum Fault {
        NO_CERTIFICATE("no certificate") {
            void apply(Cohort c, int i) {
                c.certificates.set(i, null);
            }
        },
        SELF_SIGNED("not issued by the federation CA") {
            void apply(Cohort c, int i) {
                c.certificates.set(
                        i,
                        TestFederationCa.selfSigned(c.ids.get(i), c.keys.get(i).publicKey()));
            }
        },
        SIGNED_BY_IMPOSTOR("does not verify with the federation CA key") {
            void apply(Cohort c, int i) {
                c.certificates.set(i, IMPOSTOR.issue(c.ids.get(i), c.keys.get(i).publicKey()));
            }
        },
        INVENTED_KEY_AND_CERTIFICATE("does not verify with the federation CA key") {
            void apply(Cohort c, int i) {
                Ed25519KeyPair own = Ed25519KeyPair.generate(RANDOM);
                c.configKeys.put(i + 1, own.publicKey());
                c.certificates.set(i, IMPOSTOR.issue(c.ids.get(i), own.publicKey()));
            }
        },
        OTHER_NAME("its certificate names") {
            void apply(Cohort c, int i) {
                c.certificates.set(i, CA.issue("someone-else", c.keys.get(i).publicKey()));
            }
        },
        OTHER_IDENTITY_KEY("identity key") {
            void apply(Cohort c, int i) {
                c.configKeys.put(i + 1, Ed25519KeyPair.generate(RANDOM).publicKey());
            }
        },
        EXPIRED("expired") {
            void apply(Cohort c, int i) {
                c.certificates.set(i, CA.issue(c.ids.get(i), c.keys.get(i).publicKey(), Duration.ofDays(-1)));
            }
        },
        REVOKED("revoked by revocation list 4") {
            void apply(Cohort c, int i) {
                c.crl = CA.revocationList(4, c.certificates.get(i));
            }
        },
        GARBAGE("unreadable certificate") {
            void apply(Cohort c, int i) {
                try {
                    byte[] der = c.certificates.get(i).getEncoded();
                    c.raw.put(i, java.util.Arrays.copyOf(der, der.length / 2));
                } catch (CertificateEncodingException e) {
                    throw new AssertionError(e);
                }
            }
        };

        final String expected;

        Fault(String expected) {
            this.expected = expected;
        }

        abstract void apply(Cohort c, int i);
    }

    @Test
    void anHonestCohortIsAuthenticated() throws Exception {
        assertEquals(3, new Cohort(3).verify(0));
        assertEquals(3, new Cohort(5).verify(3)); // the same list again is fine
    }

    @ParameterizedTest
    @MethodSource("faults")
    void aMemberThatCannotBeVerifiedIsNamed(Fault fault) throws Exception {
        Cohort c = new Cohort(4);
        fault.apply(c, 2);
        CohortRefused e = assertThrows(CohortRefused.class, () -> c.verify(0));
        assertTrue(
                e.getMessage().contains("site-03") && e.getMessage().contains("secure-aggregation id 3"),
                e.getMessage());
        assertTrue(e.getMessage().contains(fault.expected), e.getMessage());
    }

    static Stream<Fault> faults() {
        return Stream.of(Fault.values());
    }

    /** Property: over seeded random cohorts (3..12 members), spoiling any one member in any way is caught, naming it. */
    @ParameterizedTest
    @MethodSource("seeds")
    void anySpoiledMemberIsCaught(long seed) throws Exception {
        Random r = new Random(seed);
        Cohort c = new Cohort(3 + r.nextInt(10));
        assertEquals(3, c.verify(r.nextInt(4)));
        int victim = r.nextInt(c.ids.size());
        Fault fault = Fault.values()[r.nextInt(Fault.values().length)];
        fault.apply(c, victim);
        CohortRefused e = assertThrows(CohortRefused.class, () -> c.verify(0), fault + " on " + victim);
        assertTrue(e.getMessage().contains(c.ids.get(victim)), e.getMessage());
    }

    static LongStream seeds() {
        return LongStream.range(0, 12).map(i -> 0x5eed0000L + i);
    }

    static Stream<Arguments> badLists() {
        Instant now = Instant.now();
        return Stream.of(
                Arguments.of((Function<Cohort, byte[]>) c -> new byte[0], "without the federation's revocation list"),
                Arguments.of(
                        (Function<Cohort, byte[]>) c -> new byte[] {0x30, 0x03, 1, 2, 3}, "not a readable X.509 CRL"),
                Arguments.of((Function<Cohort, byte[]>) c -> IMPOSTOR.revocationList(9), "signature does not verify"),
                Arguments.of(
                        (Function<Cohort, byte[]>)
                                c -> TestFederationCa.create("Other CA").revocationList(9),
                        "not issued by the federation CA"),
                Arguments.of(
                        (Function<Cohort, byte[]>) c ->
                                CA.revocationList(9, now.minus(Duration.ofDays(31)), now.minus(Duration.ofDays(1))),
                        "expired"),
                Arguments.of(
                        (Function<Cohort, byte[]>)
                                c -> CA.revocationList(9, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))),
                        "in the future"),
                Arguments.of((Function<Cohort, byte[]>) c -> CA.revocationList(1), "older than number 2"));
    }

    @ParameterizedTest
    @MethodSource("badLists")
    void aRevocationListThatDoesNotHoldIsRefused(Function<Cohort, byte[]> list, String expected) throws Exception {
        Cohort c = new Cohort(3);
        c.crl = list.apply(c);
        CohortRefused e = assertThrows(CohortRefused.class, () -> c.verify(2));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /** Not a timed assertion: prints what a participant spends per round on its cohort's certificates (see the README). */
    @ParameterizedTest
    @ValueSource(ints = {10, 100})
    void printsWhatVerifyingACohortCostsPerRound(int n) throws Exception {
        Cohort c = new Cohort(n);
        List<X509Certificate> revoked = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            revoked.add(CA.issue("gone-" + i, Ed25519KeyPair.generate(RANDOM).publicKey()));
        }
        c.crl = CA.revocationList(3, revoked.toArray(X509Certificate[]::new)); // a list with 50 revocations
        RoundStart start = c.start();
        RoundConfig config = c.config();
        for (int i = 0; i < 3; i++) {
            CohortCertificates.verify(start, config, CA.certificate(), 0, Instant.now()); // warm-up
        }
        int reps = 5;
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            assertEquals(
                    3,
                    CohortCertificates.verify(start, config, CA.certificate(), 0, Instant.now())
                            .number());
        }
        double ms = (System.nanoTime() - t0) / 1e6 / reps;
        System.out.printf(
                "cohort authentication: %d members + revocation list of 50 entries: %.1f ms per round (%.2f ms per member)%n",
                n, ms, ms / n);
    }

    @Test
    void aListNamingAnotherCertificateRevokesNobodyInTheCohort() throws Exception {
        Cohort c = new Cohort(3);
        c.crl = CA.revocationList(
                5, CA.issue("gone", Ed25519KeyPair.generate(RANDOM).publicKey()));
        assertEquals(5, c.verify(4));
    }
}
