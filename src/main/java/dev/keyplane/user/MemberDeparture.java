package dev.keyplane.user;

import io.smallrye.mutiny.Uni;

/**
 * What goes with a member who leaves the organization, inside the removal's transaction. Features that hold
 * something of a member's implement it (their keys are revoked: {@code apikey}), so the user feature need not know them.
 */
public interface MemberDeparture {

    Uni<Void> departing(User user);
}
