package org.fedvae.protocol.cohort;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;

/**
 * The federation's certificate revocation list (X.509 CRL, RFC 5280) as a participant accepts
 * it: signed by the federation CA, carrying a CRL number and a nextUpdate that has not passed.
 * The number only grows from one list to the next, so a participant that remembers the highest
 * number it has seen can refuse an older list a coordinator might serve to hide a revocation.
 */
public final class RevocationList {

    /** How long an issued list stays valid unless the operator chooses otherwise; re-issue it before then. */
    public static final int DEFAULT_VALIDITY_DAYS = 30;
    /** Tolerates a CA clock a little ahead of the participant's. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final X509CRL crl;
    private final long number;

    private RevocationList(X509CRL crl, long number) {
        this.crl = crl;
        this.number = number;
    }

    /**
     * Parses {@code der} and checks it as a participant must: issued and signed by {@code ca},
     * with a CRL number, no unknown critical extension, thisUpdate not in the future and a
     * nextUpdate still ahead of {@code now}. The number is checked against earlier lists by the caller.
     */
    public static RevocationList verified(byte[] der, X509Certificate ca, Instant now) throws CohortRefused {
        if (der == null || der.length == 0) {
            throw new CohortRefused("the round comes without the federation's revocation list");
        }
        X509CRL crl;
        try {
            crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new CohortRefused("the revocation list is not a readable X.509 CRL: " + e.getMessage(), e);
        }
        if (!crl.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            throw new CohortRefused("the revocation list was not issued by the federation CA (issuer "
                    + crl.getIssuerX500Principal() + ")");
        }
        try {
            crl.verify(ca.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new CohortRefused("the revocation list's signature does not verify with the federation CA key", e);
        }
        if (crl.hasUnsupportedCriticalExtension()) {
            throw new CohortRefused("the revocation list has critical extensions this participant does not know "
                    + crl.getCriticalExtensionOIDs() + " (a delta CRL?)");
        }
        if (crl.getThisUpdate().toInstant().isAfter(now.plus(CLOCK_SKEW))) {
            throw new CohortRefused(
                    "the revocation list is dated " + crl.getThisUpdate().toInstant() + ", in the future");
        }
        if (crl.getNextUpdate() == null) {
            throw new CohortRefused("the revocation list has no nextUpdate, so its freshness cannot be judged");
        }
        if (!crl.getNextUpdate().toInstant().isAfter(now)) {
            throw new CohortRefused(
                    "the revocation list expired at " + crl.getNextUpdate().toInstant()
                            + "; the federation's operator must issue a fresh one (enrol crl) and copy it to the coordinator");
        }
        return new RevocationList(crl, number(crl));
    }

    private static long number(X509CRL crl) throws CohortRefused {
        byte[] ext = crl.getExtensionValue(Extension.cRLNumber.getId());
        if (ext == null) {
            throw new CohortRefused("the revocation list carries no CRL number");
        }
        BigInteger n;
        try {
            n = ASN1Integer.getInstance(ASN1OctetString.getInstance(ext).getOctets())
                    .getValue();
        } catch (IllegalArgumentException e) {
            throw new CohortRefused("the revocation list's CRL number is unreadable", e);
        }
        if (n.signum() < 0 || n.bitLength() > 63) {
            throw new CohortRefused("the revocation list's CRL number " + n + " is outside 0..2^63-1");
        }
        return n.longValueExact();
    }

    /** The CRL number: higher is newer. */
    public long number() {
        return number;
    }

    public Instant nextUpdate() {
        return crl.getNextUpdate().toInstant();
    }

    public boolean revokes(X509Certificate certificate) {
        return crl.getRevokedCertificate(certificate) != null;
    }

    public X509CRL crl() {
        return crl;
    }

    @Override
    public String toString() {
        int revoked = crl.getRevokedCertificates() == null
                ? 0
                : crl.getRevokedCertificates().size();
        return "RevocationList[number " + number + ", " + revoked + " revoked, next update " + nextUpdate() + "]";
    }
}
