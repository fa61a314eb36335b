package dev.keyplane.access;

import dev.keyplane.common.WireValue;

import java.util.Set;

/** A role someone can be given (in the organization, a project, or as a service account): what it permits. */
public interface GrantableRole extends WireValue {

    Set<Permission> permissions();
}
