package org.fedvae.protocol.transport;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The certificates whose CA signature one verifier (one participant) has already checked, by the SHA-256 of their
 * DER encoding: a participant sees the same members' certificates round after round, and their ECDSA signatures
 * (about 1 ms each with this JDK) were the largest cost of authenticating a cohort of 1,000. Only the signature is
 * remembered: validity, names, identity keys and revocation are checked again every round. The memo is bound to the
 * CA it was filled against and to its owner: it is never shared between participants (a simulation of many sites
 * in one JVM gives each its own, so that each still verifies every certificate it has not seen itself).
 */
public final class CaSignatureMemo {

    /** Remembers nothing: every signature is verified every time. */
    public static final CaSignatureMemo NONE = new CaSignatureMemo(0);

    private final int capacity;
    private final Map<String, Boolean> verified;

    /** @param capacity how many certificates to remember (the least recently used go first) */
    public CaSignatureMemo(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be at least 0, got " + capacity);
        }
        this.capacity = capacity;
        this.verified = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > CaSignatureMemo.this.capacity;
            }
        };
    }

    /** True if this memo saw {@code certificate}'s signature verify with {@code ca}'s key before. */
    synchronized boolean verifiedBefore(X509Certificate certificate, X509Certificate ca) {
        return capacity > 0 && verified.containsKey(key(certificate, ca));
    }

    /** Records that {@code certificate}'s signature verified with {@code ca}'s key. */
    synchronized void remember(X509Certificate certificate, X509Certificate ca) {
        if (capacity > 0) {
            verified.put(key(certificate, ca), Boolean.TRUE);
        }
    }

    /** Certificates remembered now. */
    public synchronized int size() {
        return verified.size();
    }

    private static String key(X509Certificate certificate, X509Certificate ca) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // The CA's key is part of the key: a memo filled against one CA proves nothing about another.
            sha.update(ca.getPublicKey().getEncoded());
            byte[] caPart = sha.digest();
            sha.update(caPart);
            sha.update(certificate.getEncoded());
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a certificate: " + e.getMessage(), e);
        }
    }
}
