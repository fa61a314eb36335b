package dev.keyplane.usage;

import dev.keyplane.access.Caller;
import dev.keyplane.access.InProject;
import dev.keyplane.access.Permission;
import dev.keyplane.access.RequiresPermission;
import dev.keyplane.apikey.ProjectKeyService;
import dev.keyplane.common.ApiException;
import dev.keyplane.project.ProjectLookup;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Verification usage of a project or of one of its keys, in daily (UTC) buckets, by outcome and optionally by resource. */
@ApplicationScoped
public class UsageService {

    /** At most this many daily buckets per answer. */
    public static final int MAX_DAYS = 90;
    private static final int DEFAULT_DAYS = 7;

    /** One day: its bounds and a result per resource (or one for all when not grouped). */
    public record Bucket(Instant start, Instant end, List<Result> results) {}

    /** Counts by outcome ({@code VALID}, {@code RATE_LIMITED}, ...); {@code resource} null when not grouped. */
    public record Result(String resource, Map<String, Long> outcomes, long total) {}

    @Inject
    Pool pool;

    /** @param keyId null for the whole project */
    @WithSession
    @RequiresPermission(Permission.API_KEYS_READ)
    public Uni<List<Bucket>> usage(Caller caller, @InProject String projectId, String keyId, Long start, Long end, boolean byResource) {
        return ProjectLookup.readable(caller, projectId)
                .call(project -> keyId == null ? Uni.createFrom().voidItem() : ProjectKeyService.findAny(project.id, keyId))
                .chain(project -> {
                    LocalDate last = end == null ? LocalDate.now(ZoneOffset.UTC)
                            : LocalDate.ofInstant(Instant.ofEpochSecond(end - 1), ZoneOffset.UTC);
                    LocalDate first = start == null ? last.minusDays(DEFAULT_DAYS - 1) : LocalDate.ofInstant(Instant.ofEpochSecond(start), ZoneOffset.UTC);
                    if (first.isAfter(last)) {
                        throw ApiException.invalid("start", "start must be before end.");
                    }
                    if (Duration.between(first.atStartOfDay(), last.atStartOfDay()).toDays() >= MAX_DAYS) {
                        throw ApiException.invalid("start", "A usage query covers at most " + MAX_DAYS + " days.");
                    }
                    String sql = "SELECT day, " + (byResource ? "resource" : "NULL AS resource") + ", outcome, sum(count) AS n "
                            + "FROM key_usage WHERE project_id = $1 AND day >= $2 AND day <= $3"
                            + (keyId == null ? "" : " AND api_key_id = $4")
                            + " GROUP BY day, 2, outcome ORDER BY day, 2, outcome";
                    Tuple params = keyId == null ? Tuple.of(project.id, first, last) : Tuple.of(project.id, first, last, keyId);
                    return pool.preparedQuery(sql).execute(params).map(rows -> buckets(first, last, rows));
                });
    }

    private static List<Bucket> buckets(LocalDate first, LocalDate last, Iterable<Row> rows) {
        Map<LocalDate, Map<String, Map<String, Long>>> byDay = new TreeMap<>();
        for (Row row : rows) {
            String resource = row.getString("resource");
            byDay.computeIfAbsent(row.getLocalDate("day"), d -> new LinkedHashMap<>())
                    .computeIfAbsent(resource == null ? "" : resource, r -> new TreeMap<>())
                    .put(row.getString("outcome"), row.getLong("n"));
        }
        List<Bucket> buckets = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            List<Result> results = new ArrayList<>();
            byDay.getOrDefault(day, Map.of()).forEach((resource, outcomes) -> results.add(new Result(resource.isEmpty() ? null : resource,
                    outcomes, outcomes.values().stream().mapToLong(Long::longValue).sum())));
            buckets.add(new Bucket(day.atStartOfDay().toInstant(ZoneOffset.UTC), day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                    results));
        }
        return buckets;
    }
}
