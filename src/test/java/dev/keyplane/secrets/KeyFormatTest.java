package dev.keyplane.secrets;

import dev.keyplane.access.KeyKind;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyFormatTest {

    @Test
    void generatedKeysParseBackToTheirParts() {
        for (KeyKind kind : KeyKind.values()) {
            KeyFormat.NewKey key = KeyFormat.generate(kind);
            assertTrue(key.raw().startsWith(KeyPrefix.standard(kind).value()));
            assertEquals(KeyFormat.LOOKUP_ID_LENGTH, key.lookupId().length());
            assertTrue(key.secret().length() >= 32);
            KeyFormat.ParsedKey parsed = KeyFormat.parse(key.raw());
            assertNotNull(parsed);
            assertEquals(kind, parsed.kind());
            assertEquals(key.lookupId(), parsed.lookupId());
            assertEquals(key.secret(), parsed.secret());
            assertEquals(key.raw().substring(key.raw().length() - 4), key.lastFour());
        }
    }

    @Test
    void rejectsEveryMalformedShapeWithoutThrowing() {
        String good = KeyFormat.generate(KeyKind.ADMIN).raw();
        assertNull(KeyFormat.parse(null));
        assertNull(KeyFormat.parse(""));
        assertNull(KeyFormat.parse("garbage"));
        assertNull(KeyFormat.parse("sk-admin-"));
        assertNull(KeyFormat.parse(good.substring(0, good.length() - 1)), "truncated");
        assertNull(KeyFormat.parse(good + "x"), "too long");
        assertNull(KeyFormat.parse(TestKeys.withBadChecksum(good)), "checksum");
        assertNull(KeyFormat.parse(good.replace('.', '_')), "separator");
        assertNull(KeyFormat.parse("sk-nope-" + good.substring("sk-admin-".length())), "unknown kind");
        String flipped = good.substring(0, 12) + (good.charAt(12) == 'A' ? 'B' : 'A') + good.substring(13);
        assertNull(KeyFormat.parse(flipped), "one changed character of the lookup id fails the checksum");
        assertNotNull(KeyFormat.parse(TestKeys.withOtherSecret(good)), "a forged secret with a valid checksum parses");
    }

    @Test
    void lookupIdsAreUniqueAndRedactionHidesTheSecret() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(KeyFormat.generate(KeyKind.PROJECT).lookupId()));
        }
        assertEquals("sk-admin...AbCd", KeyFormat.redact(KeyKind.ADMIN, "AbCd"));
        assertEquals("sk-svcacct...wxyz", KeyFormat.redact(KeyKind.SERVICE_ACCOUNT, "wxyz"));
    }

    @Test
    void aMachineKeyIsAProjectKeyWithItsOwnPrefixAndTheSameFormat() {
        KeyFormat.NewKey key = KeyFormat.generate(KeyPrefix.MACHINE);
        assertTrue(key.raw().startsWith("mk_"));
        KeyFormat.ParsedKey parsed = KeyFormat.parse(key.raw());
        assertEquals(KeyPrefix.MACHINE, parsed.prefix());
        assertEquals(KeyKind.PROJECT, parsed.kind());
        assertEquals(key.lookupId(), parsed.lookupId());
        assertEquals(KeyFormat.LOOKUP_ID_LENGTH, parsed.lookupId().length());
        assertEquals("mk..." + key.lastFour(), KeyFormat.redactRaw(key.raw()));
        assertNull(KeyFormat.parse(TestKeys.withBadChecksum(key.raw())), "the checksum guards mk_ keys too");
        assertNull(KeyFormat.parse("mk-" + key.raw().substring(3)), "the prefix is exact");
    }

    private static String signed(String body) {
        return body + KeyFormat.checksum(body);
    }

    @Test
    void aValidChecksumDoesNotRescueAWrongShape() {
        KeyFormat.NewKey key = KeyFormat.generate(KeyKind.PROJECT);
        String prefix = KeyPrefix.PROJECT.value();
        assertEquals(prefix.length() + KeyFormat.LOOKUP_ID_LENGTH + 1 + KeyFormat.SECRET_LENGTH + KeyFormat.CHECKSUM_LENGTH,
                key.raw().length());
        assertNotNull(KeyFormat.parse(signed(prefix + key.lookupId() + "." + key.secret())), "the control case parses");
        // the separator one character early: same total length, checksum valid
        String shifted = prefix + key.lookupId().substring(0, 15) + "." + key.lookupId().charAt(15) + key.secret();
        assertNull(KeyFormat.parse(signed(shifted)), "separator moved");
        assertNull(KeyFormat.parse(signed(prefix + key.lookupId() + "." + key.secret().substring(1) + "-")), "non-base62 secret");
        assertNull(KeyFormat.parse(signed(prefix + "\u00e9" + key.lookupId().substring(1) + "." + key.secret())), "non-ASCII lookup id");
        assertNull(KeyFormat.parse(signed(prefix + key.lookupId() + "." + key.secret() + "A")), "secret one too long");
        assertNull(KeyFormat.parse(signed(prefix + key.lookupId() + "." + key.secret().substring(1))), "secret one too short");
    }

    @Test
    void theChecksumCoversTheSecretAndThePrefixIsExact() {
        String raw = KeyFormat.generate(KeyKind.SERVICE_ACCOUNT).raw();
        int secretAt = raw.indexOf('.') + 1;
        char c = raw.charAt(secretAt + 20);
        String secretFlipped = raw.substring(0, secretAt + 20) + (c == 'x' ? 'y' : 'x') + raw.substring(secretAt + 21);
        assertNull(KeyFormat.parse(secretFlipped), "one changed character of the secret fails the checksum");
        assertNull(KeyFormat.parse(raw.toUpperCase()), "prefixes are case-sensitive");
        assertNull(KeyFormat.parse(" " + raw), "leading whitespace");
        assertNull(KeyFormat.parse(raw + "\n"), "trailing newline");
    }
}
