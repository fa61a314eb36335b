package dev.keyplane.certificate;

import dev.keyplane.common.ApiException;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an uploaded PEM with the JDK's X.509 support and decides whether Keyplane takes it: one
 * certificate or a short chain, the leaf not expired, an RSA key of at least 2048 bits or an EC key on
 * P-256 or P-384, and no private key anywhere in the upload (refused without a word of it stored or logged).
 */
public final class CertificatePem {

    /** What Keyplane keeps of an accepted upload. */
    public record Parsed(String fingerprint, String subject, String content, Instant validAt, Instant expiresAt) {}

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final int MIN_RSA_BITS = 2048;

    private CertificatePem() {}

    public static Parsed parse(String pem, int maxChainLength, Instant now) {
        if (pem.toUpperCase(Locale.ROOT).contains("PRIVATE KEY")) {
            throw refuse("The upload holds a private key block; upload the certificate alone. Nothing of it was stored.");
        }
        Matcher blocks = BLOCK.matcher(pem);
        int count = 0;
        while (blocks.find()) {
            if (!"CERTIFICATE".equals(blocks.group(1))) {
                throw refuse("Only CERTIFICATE blocks are accepted, found " + blocks.group(1) + ".");
            }
            count++;
        }
        if (count == 0) {
            throw refuse("certificate is not a PEM-encoded X.509 certificate.");
        }
        if (count > maxChainLength) {
            throw refuse("A chain of at most " + maxChainLength + " certificates is accepted, got " + count + ".");
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            Collection<? extends java.security.cert.Certificate> read = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            for (java.security.cert.Certificate c : read) {
                chain.add((X509Certificate) c);
            }
        } catch (CertificateException | RuntimeException e) {
            throw refuse("certificate is not a valid X.509 certificate.");
        }
        if (chain.size() != count) {
            throw refuse("certificate is not a valid X.509 certificate.");
        }
        X509Certificate leaf = chain.get(0);
        try {
            leaf.checkValidity(java.util.Date.from(now));
        } catch (CertificateExpiredException e) {
            throw refuse("The certificate expired at " + leaf.getNotAfter().toInstant() + ".");
        } catch (CertificateNotYetValidException e) {
            // accepted: it becomes usable at valid_at
        }
        requireStrongKey(leaf.getPublicKey());
        return new Parsed(fingerprint(leaf), leaf.getSubjectX500Principal().getName(), encode(chain),
                leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
    }

    /** SHA-256 of the DER encoding, lower-case hex, as gateways forward it. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void requireStrongKey(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw refuse("An RSA key needs at least " + MIN_RSA_BITS + " bits, this one has " + bits + ".");
            }
            return;
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            if (bits != 256 && bits != 384) {
                throw refuse("An EC key must be on P-256 or P-384, this one has a " + bits + "-bit curve.");
            }
            return;
        }
        throw refuse("The key must be RSA (2048 bits or more) or EC (P-256 or P-384), not " + key.getAlgorithm() + ".");
    }

    /** The chain as Keyplane stores and shows it: its certificates only, in canonical PEM. */
    private static String encode(List<X509Certificate> chain) {
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        StringBuilder out = new StringBuilder();
        for (X509Certificate c : chain) {
            try {
                out.append("-----BEGIN CERTIFICATE-----\n").append(base64.encodeToString(c.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out.toString();
    }

    private static ApiException refuse(String message) {
        return ApiException.invalid("certificate", message);
    }
}
