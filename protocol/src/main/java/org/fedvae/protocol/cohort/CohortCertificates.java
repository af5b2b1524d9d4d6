package org.fedvae.protocol.cohort;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.fedvae.protocol.proto.CohortEntry;
import org.fedvae.protocol.proto.RoundStart;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.transport.CaSignatureMemo;
import org.fedvae.protocol.transport.ParticipantCertificate;

/**
 * Authenticates every member of a cohort to a participant, so that a coordinator cannot fill a
 * round with members it invented (and then learn the one real member's update from the
 * "aggregate"). In order: the revocation list verifies and is not older than {@code highestSeen};
 * then, for every cohort entry by secure-aggregation id, its certificate chains to the federation
 * CA and is valid now, its CN is the entry's participant id, its identity key is the one the
 * round configuration lists for that id, and the list does not revoke it.
 */
public final class CohortCertificates {

    private CohortCertificates() {}

    /**
     * @param highestSeen the highest CRL number this participant has accepted before (0: none)
     * @return the verified revocation list, whose number the participant then remembers
     * @throws CohortRefused naming the member and what failed
     */
    public static RevocationList verify(
            RoundStart start, RoundConfig config, X509Certificate ca, long highestSeen, Instant now)
            throws CohortRefused {
        return verify(start, config, ca, highestSeen, now, CaSignatureMemo.NONE);
    }

    /**
     * As {@link #verify(RoundStart, RoundConfig, X509Certificate, long, Instant)}, skipping the CA signature check
     * of certificates the caller's own {@code memo} verified before (everything else is checked every round).
     */
    public static RevocationList verify(
            RoundStart start,
            RoundConfig config,
            X509Certificate ca,
            long highestSeen,
            Instant now,
            CaSignatureMemo memo)
            throws CohortRefused {
        RevocationList crl = RevocationList.verified(start.getRevocationList().toByteArray(), ca, now);
        if (crl.number() < highestSeen) {
            throw new CohortRefused(
                    "the revocation list has number " + crl.number() + ", older than number " + highestSeen
                            + " which this participant has already seen: a coordinator must not hide newer revocations");
        }
        List<CohortEntry> entries = start.getCohortList().stream()
                .sorted(Comparator.comparingInt(CohortEntry::getSecaggId))
                .toList();
        for (CohortEntry e : entries) {
            String member =
                    "cohort member " + e.getParticipantId() + " (secure-aggregation id " + e.getSecaggId() + ")";
            ParticipantCertificate pc = member(e, ca, member, memo);
            if (!pc.participantId().equals(e.getParticipantId())) {
                throw new CohortRefused(member + ": its certificate names " + pc.participantId());
            }
            if (!config.contains(e.getSecaggId())
                    || !Arrays.equals(pc.identityKeyRaw(), config.identityKey(e.getSecaggId()))) {
                throw new CohortRefused(
                        member + ": the identity key in its certificate is not the one the round lists for it");
            }
            if (crl.revokes(pc.certificate())) {
                throw new CohortRefused(member + ": its certificate (serial "
                        + pc.certificate().getSerialNumber().toString(16) + ") is revoked by revocation list "
                        + crl.number());
            }
        }
        return crl;
    }

    private static ParticipantCertificate member(CohortEntry e, X509Certificate ca, String member, CaSignatureMemo memo)
            throws CohortRefused {
        if (e.getCertificate().isEmpty()) {
            throw new CohortRefused(member + ": no certificate");
        }
        X509Certificate cert;
        try {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(
                            new ByteArrayInputStream(e.getCertificate().toByteArray()));
        } catch (CertificateException | RuntimeException x) {
            throw new CohortRefused(member + ": unreadable certificate: " + x.getMessage(), x);
        }
        try {
            return ParticipantCertificate.verified(cert, ca, memo);
        } catch (CertificateExpiredException x) {
            throw new CohortRefused(
                    member + ": its certificate expired at "
                            + cert.getNotAfter().toInstant(),
                    x);
        } catch (CertificateNotYetValidException x) {
            throw new CohortRefused(
                    member + ": its certificate is not valid before "
                            + cert.getNotBefore().toInstant(),
                    x);
        } catch (CertificateException | RuntimeException x) {
            throw new CohortRefused(member + ": " + x.getMessage(), x);
        }
    }
}
