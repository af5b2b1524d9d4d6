package org.fedvae.protocol.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import org.bouncycastle.asn1.DEROctetString;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ParticipantCertificateTest {

    private static final Duration DAY = Duration.ofDays(1);
    static KeyPair caKeys;
    static X509Certificate ca;
    static KeyPair tls;
    static KeyPair identity;

    @BeforeAll
    static void setUp() throws Exception {
        caKeys = TestCertificates.ec();
        ca = TestCertificates.ca(caKeys, "Test CA");
        tls = TestCertificates.ec();
        identity = TestCertificates.ed25519();
    }

    private static X509Certificate participant(String cn) throws Exception {
        return TestCertificates.leaf(caKeys, ca, cn, tls.getPublic(), TestCertificates.spki(identity.getPublic()), DAY);
    }

    @Test
    void readsIdAndIdentityKey() throws Exception {
        ParticipantCertificate pc = ParticipantCertificate.verified(participant("site-1"), ca);
        assertEquals("site-1", pc.participantId());
        assertEquals(identity.getPublic(), pc.identityKey());
        byte[] encoded = identity.getPublic().getEncoded();
        assertArrayEquals(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length), pc.identityKeyRaw());
        assertEquals(64, pc.fingerprint().length());
        assertEquals(pc.fingerprint(), ParticipantCertificate.fingerprint(pc.certificate()));
    }

    @Test
    void refusesCertificatesThatAreNotParticipantCertificates() throws Exception {
        X509Certificate noExtension = TestCertificates.leaf(caKeys, ca, "site-1", tls.getPublic(), null, DAY);
        CertificateException e = assertThrows(CertificateException.class, () -> ParticipantCertificate.of(noExtension));
        assertTrue(e.getMessage().contains("carries no FedVAE identity key"), e.getMessage());

        X509Certificate ecIdentity = TestCertificates.leaf(
                caKeys,
                ca,
                "site-1",
                tls.getPublic(),
                TestCertificates.spki(TestCertificates.ec().getPublic()),
                DAY);
        e = assertThrows(CertificateException.class, () -> ParticipantCertificate.of(ecIdentity));
        assertTrue(e.getMessage().contains("not an Ed25519 public key"), e.getMessage());

        X509Certificate garbage = TestCertificates.leaf(
                caKeys, ca, "site-1", tls.getPublic(), new DEROctetString(new byte[] {1, 2}), DAY);
        e = assertThrows(CertificateException.class, () -> ParticipantCertificate.of(garbage));
        assertTrue(e.getMessage().contains("unreadable identity key"), e.getMessage());

        X509Certificate badId = participant("..");
        e = assertThrows(CertificateException.class, () -> ParticipantCertificate.of(badId));
        assertTrue(e.getMessage().contains("not a valid participant id"), e.getMessage());

        e = assertThrows(CertificateException.class, () -> ParticipantCertificate.of(ca));
        assertTrue(e.getMessage().contains("CA certificate"), e.getMessage());
    }

    @Test
    void verifiedChecksTheIssuerSignatureAndValidity() throws Exception {
        KeyPair otherKeys = TestCertificates.ec();
        X509Certificate otherCa = TestCertificates.ca(otherKeys, "Other CA");
        X509Certificate foreign = TestCertificates.leaf(
                otherKeys, otherCa, "site-1", tls.getPublic(), TestCertificates.spki(identity.getPublic()), DAY);
        assertThrows(CertificateException.class, () -> ParticipantCertificate.verified(foreign, ca));

        // same CA name, different key: the signature check catches it
        X509Certificate impostorCa = TestCertificates.ca(otherKeys, "Test CA");
        X509Certificate forged = TestCertificates.leaf(
                otherKeys, impostorCa, "site-1", tls.getPublic(), TestCertificates.spki(identity.getPublic()), DAY);
        CertificateException e =
                assertThrows(CertificateException.class, () -> ParticipantCertificate.verified(forged, ca));
        assertTrue(e.getMessage().contains("signature"), e.getMessage());

        X509Certificate expired = TestCertificates.leaf(
                caKeys,
                ca,
                "site-1",
                tls.getPublic(),
                TestCertificates.spki(identity.getPublic()),
                Duration.ofDays(-1));
        assertThrows(CertificateException.class, () -> ParticipantCertificate.verified(expired, ca));
        ParticipantCertificate.of(expired); // reading alone does not judge validity
    }

    @Test
    void aSignatureMemoSkipsOnlyTheSignatureOfACertificateItsOwnerVerifiedAndNeverAForgery() throws Exception {
        CaSignatureMemo memo = new CaSignatureMemo(10);
        X509Certificate good = participant("site-1");
        ParticipantCertificate.verified(good, ca, memo);
        assertEquals(1, memo.size(), "the verified signature is remembered");
        assertEquals("site-1", ParticipantCertificate.verified(good, ca, memo).participantId());
        assertEquals(1, memo.size());

        // A forgery with the CA's name is not in the memo (its DER differs): its signature is checked and refused.
        KeyPair otherKeys = TestCertificates.ec();
        X509Certificate impostorCa = TestCertificates.ca(otherKeys, "Test CA");
        X509Certificate forged = TestCertificates.leaf(
                otherKeys, impostorCa, "site-1", tls.getPublic(), TestCertificates.spki(identity.getPublic()), DAY);
        CertificateException e =
                assertThrows(CertificateException.class, () -> ParticipantCertificate.verified(forged, ca, memo));
        assertTrue(e.getMessage().contains("signature"), e.getMessage());
        assertEquals(1, memo.size(), "a refused certificate is not remembered");

        // The memo is bound to its CA: against another CA (same name, other key) the remembered certificate is checked
        // again, and fails.
        assertThrows(CertificateException.class, () -> ParticipantCertificate.verified(good, impostorCa, memo));

        // Validity is judged every time, remembered signature or not.
        X509Certificate expired = TestCertificates.leaf(
                caKeys,
                ca,
                "site-1",
                tls.getPublic(),
                TestCertificates.spki(identity.getPublic()),
                Duration.ofDays(-1));
        CaSignatureMemo seenExpired = new CaSignatureMemo(10);
        seenExpired.remember(expired, ca);
        assertThrows(CertificateException.class, () -> ParticipantCertificate.verified(expired, ca, seenExpired));
    }

    @Test
    void aSignatureMemoForgetsTheLeastRecentlyUsedBeyondItsCapacity() throws Exception {
        CaSignatureMemo memo = new CaSignatureMemo(2);
        for (String id : new String[] {"site-1", "site-2", "site-3"}) {
            ParticipantCertificate.verified(participant(id), ca, memo);
        }
        assertEquals(2, memo.size());
        assertThrows(IllegalArgumentException.class, () -> new CaSignatureMemo(-1));
    }
}
