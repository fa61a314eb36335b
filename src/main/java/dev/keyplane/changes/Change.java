package dev.keyplane.changes;

import java.util.List;

/**
 * A change that cached copies must forget, as every replica hears it. {@code subjects} are lookup ids for
 * {@link Kind#KEYS}, one organization, project or {@code *} (every project) for the others, none for
 * {@link Kind#EVERYTHING}.
 */
public record Change(Kind kind, List<String> subjects) {

    public enum Kind {
        /** Keys, by lookup id: revoked, rolled, or their owner changed. */
        KEYS,
        /** Anything permissions depend on in an organization: members, groups, roles. */
        ORGANIZATION,
        /** A project archived or deleted: its keys stop working. */
        PROJECT,
        /** A project's client-certificate binding ({@code *}: every project's). */
        CLIENT_CERTIFICATES,
        /** A project's rate limits. */
        RATE_LIMITS,
        /** Nothing can be known of what happened while the channel was down: forget everything. */
        EVERYTHING
    }

    public String subject() {
        return subjects.isEmpty() ? null : subjects.get(0);
    }
}
