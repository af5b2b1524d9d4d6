package org.fedvae.coordinator.enrol;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM encodings as enrolment writes them: certificates, revocation lists, and private keys as unencrypted PKCS#8. */
final class PemText {

    private PemText() {}

    static byte[] certificate(X509Certificate c) {
        return pem(c);
    }

    /** A DER X.509 CRL as PEM (BEGIN X509 CRL). */
    static byte[] revocationList(byte[] der) {
        return pem(new org.bouncycastle.util.io.pem.PemObject("X509 CRL", der));
    }

    static byte[] privateKey(PrivateKey k) {
        try {
            return pem(new JcaPKCS8Generator(k, null));
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException("cannot encode a " + k.getAlgorithm() + " private key", e);
        }
    }

    private static byte[] pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException("writing PEM to memory cannot fail", e);
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
