package dev.keyplane.secrets;

/** Well-formed keys that Keyplane never issued, for authentication tests. */
public final class TestKeys {

    private TestKeys() {}

    /** The same lookup id as {@code issued}, another secret, and a valid checksum: passes the format check. */
    public static String withOtherSecret(String issued) {
        KeyFormat.ParsedKey parsed = KeyFormat.parse(issued);
        String otherSecret = KeyFormat.generate(parsed.prefix()).secret();
        String body = parsed.prefix().value() + parsed.lookupId() + "." + otherSecret;
        return body + KeyFormat.checksum(body);
    }

    /** The issued key with its last checksum character changed. */
    public static String withBadChecksum(String issued) {
        char last = issued.charAt(issued.length() - 1);
        return issued.substring(0, issued.length() - 1) + (last == 'a' ? 'b' : 'a');
    }
}
