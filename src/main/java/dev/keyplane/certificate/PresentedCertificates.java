package dev.keyplane.certificate;

import dev.keyplane.access.Internal;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client certificate a gateway forwards, as a SHA-256 fingerprint: Envoy's {@code X-Forwarded-Client-Cert}
 * ({@code Hash=} of the first element, or its URL-encoded {@code Cert=}), or nginx's {@code ssl-client-cert}
 * ({@code $ssl_client_escaped_cert}, a URL-encoded PEM). Parsed PEMs are remembered, so a gateway sending the same
 * certificate costs one X.509 parse, not one per request.
 */
@Internal("reads the TLS session of the current request; no data of any tenant")
@ApplicationScoped
public class PresentedCertificates {

    public static final String XFCC_HEADER = "X-Forwarded-Client-Cert";
    public static final String NGINX_HEADER = "ssl-client-cert";

    private static final Pattern HASH = Pattern.compile("(?i)(?:^|;)\\s*Hash=([0-9a-f]{64})(?:;|$)");
    private static final Pattern CERT = Pattern.compile("(?i)(?:^|;)\\s*Cert=\"([^\"]*)\"");

    private final Cache<String, String> parsed = Caffeine.newBuilder().maximumSize(10_000).build();

    /** The fingerprint of the forwarded certificate, or {@code null} when none (or none readable) was forwarded. */
    public String fingerprint(String xfcc, String nginxCertificate) {
        if (xfcc != null && !xfcc.isBlank()) {
            String first = firstElement(xfcc);
            Matcher hash = HASH.matcher(first);
            if (hash.find()) {
                return ClientCertificateBindings.normalize(hash.group(1));
            }
            Matcher cert = CERT.matcher(first);
            if (cert.find()) {
                return ofPem(cert.group(1));
            }
        }
        return nginxCertificate == null || nginxCertificate.isBlank() ? null : ofPem(nginxCertificate);
    }

    private String ofPem(String encoded) {
        return parsed.get(encoded, value -> {
            try {
                String pem = value.contains("%") ? URLDecoder.decode(value, StandardCharsets.UTF_8) : value;
                X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
                return CertificatePem.fingerprint(certificate);
            } catch (Exception unreadable) {
                return ""; // remembered as "nothing usable", which matches no certificate
            }
        });
    }

    /** Envoy appends one element per proxy hop, comma-separated (commas inside quotes belong to a value). */
    private static String firstElement(String xfcc) {
        boolean quoted = false;
        for (int i = 0; i < xfcc.length(); i++) {
            char c = xfcc.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                return xfcc.substring(0, i);
            }
        }
        return xfcc;
    }
}
