package dev.keyplane.common;

/** Recognizes a database constraint violation by the constraint's name, through any wrapping. */
public final class Constraints {

    private Constraints() {}

    public static boolean violated(Throwable failure, String constraintName) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException cve
                    && constraintName.equals(cve.getConstraintName())) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains(constraintName)) {
                return true;
            }
        }
        return false;
    }
}
