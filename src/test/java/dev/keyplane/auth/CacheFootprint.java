package dev.keyplane.auth;

import dev.keyplane.access.Caller;
import dev.keyplane.access.KeyKind;
import dev.keyplane.access.ProjectRole;
import dev.keyplane.secrets.KeyFormat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

/**
 * The heap one cached verified key takes: fills the verified-key cache with N keys (default 1,000,000) shaped as
 * the database returns them (ids in strings of their own per row, as read from a result set; a project member's
 * permissions), and compares the heap in use after a full GC before and after. deploy/bench/cache-footprint.sh
 * runs it; docs/benchmarks.md has the figure and what a container of a given size holds.
 */
public final class CacheFootprint {

    public static void main(String[] args) {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        VerifiedKeyCache cache = new VerifiedKeyCache();
        cache.init(keys, Duration.ofHours(1));
        long before = usedAfterGc();
        String organization = "org_" + KeyFormat.generate(KeyKind.ADMIN).lookupId();
        String project = "proj_" + KeyFormat.generate(KeyKind.PROJECT).lookupId();
        String serviceAccount = "svc_acct_" + KeyFormat.generate(KeyKind.SERVICE_ACCOUNT).lookupId();
        for (int i = 0; i < keys; i++) {
            KeyFormat.NewKey key = KeyFormat.generate(KeyKind.SERVICE_ACCOUNT);
            Caller caller = new Caller(String.format("key_%026d", i), new String(organization), KeyKind.SERVICE_ACCOUNT,
                    new String(project), "member", "service_account", new String(serviceAccount), null,
                    EnumSet.copyOf(ProjectRole.MEMBER.permissions()), List.of());
            cache.putIfUnchanged(key.lookupId(), new VerifiedKeyCache.Entry(KeyAuthenticator.sha256(key.raw()), caller, null), cache.epoch());
        }
        long after = usedAfterGc();
        long held = cache.size();
        System.out.printf("%d keys cached (of %d); heap in use after a full GC: %.1f MiB before, %.1f MiB after; %.0f bytes a key%n",
                held, keys, before / 1048576.0, after / 1048576.0, (after - before) / (double) held);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
