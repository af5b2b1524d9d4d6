package org.fedvae.protocol.cohort;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Signs the federation's revocation lists with the CA key: the operator's tool (enrolment), and
 * the throwaway CAs of simulations and tests. Each list repeats every revocation of the one before.
 */
public final class RevocationListIssuer {

    private RevocationListIssuer() {}

    /**
     * @param revoked serial numbers of revoked certificates and when each was revoked
     * @return the DER encoding of the signed CRL
     */
    public static byte[] issue(
            PrivateKey caKey,
            X509Certificate ca,
            long number,
            Map<BigInteger, Instant> revoked,
            Instant thisUpdate,
            Instant nextUpdate)
            throws GeneralSecurityException {
        if (number < 1) {
            throw new IllegalArgumentException("CRL numbers start at 1, got " + number);
        }
        if (!nextUpdate.isAfter(thisUpdate)) {
            throw new IllegalArgumentException("nextUpdate " + nextUpdate + " is not after thisUpdate " + thisUpdate);
        }
        X500Name issuer = X500Name.getInstance(ca.getSubjectX500Principal().getEncoded());
        X509v2CRLBuilder b = new X509v2CRLBuilder(issuer, Date.from(thisUpdate)).setNextUpdate(Date.from(nextUpdate));
        new TreeMap<>(revoked).forEach((serial, when) -> b.addCRLEntry(serial, Date.from(when), CRLReason.unspecified));
        try {
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
            b.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.getPublicKey()));
            String algorithm = "EC".equals(caKey.getAlgorithm()) ? "SHA256withECDSA" : caKey.getAlgorithm();
            return new JcaX509CRLConverter()
                    .getCRL(b.build(new JcaContentSignerBuilder(algorithm).build(caKey)))
                    .getEncoded();
        } catch (OperatorCreationException | java.io.IOException e) {
            throw new GeneralSecurityException("cannot sign the revocation list: " + e.getMessage(), e);
        }
    }

    /** The revocations a list holds, to carry them into the next one. */
    public static Map<BigInteger, Instant> entries(X509CRL crl) {
        Map<BigInteger, Instant> out = new TreeMap<>();
        if (crl.getRevokedCertificates() != null) {
            for (X509CRLEntry e : crl.getRevokedCertificates()) {
                out.put(e.getSerialNumber(), e.getRevocationDate().toInstant());
            }
        }
        return out;
    }

    /** A list's CRL number; a list without one is refused. */
    public static long number(X509CRL crl) throws CRLException {
        byte[] ext = crl.getExtensionValue(Extension.cRLNumber.getId());
        if (ext == null) {
            throw new CRLException("the revocation list carries no CRL number");
        }
        try {
            return org.bouncycastle.asn1.ASN1Integer.getInstance(org.bouncycastle.asn1.ASN1OctetString.getInstance(ext)
                            .getOctets())
                    .getValue()
                    .longValueExact();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CRLException("unreadable CRL number: " + e.getMessage(), e);
        }
    }

    /** Reads a DER CRL without verifying it (the operator's own list). */
    public static X509CRL parse(byte[] der) throws CRLException {
        try {
            return (X509CRL) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCRL(new java.io.ByteArrayInputStream(der));
        } catch (java.security.cert.CertificateException e) {
            throw new CRLException(e.getMessage(), e);
        }
    }
}
