package dev.keyplane.common;

/**
 * Query parameters arrive as strings and are parsed here, so a bad value is a 400 naming the parameter
 * (JAX-RS would answer 404 for a parameter it cannot convert).
 */
public final class QueryParams {

    private QueryParams() {}

    public static Integer integer(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, name + " must be an integer, got '" + value + "'.");
        }
    }

    public static Long longValue(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, name + " must be an integer, got '" + value + "'.");
        }
    }

    public static boolean bool(String name, String value, boolean defaultValue) {
        if (value == null) {
            return defaultValue;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.invalid(name, name + " must be true or false, got '" + value + "'.");
        };
    }
}
