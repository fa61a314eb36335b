import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;

import java.util.Arrays;

/**
 * One Argon2id hash's time with Keyplane's default parameters (19 MiB, 2 passes, 1 lane), in milliseconds: the
 * median of 15 after 5 to warm up. run.sh runs it against the jar's own argon2-jvm (java -cp "lib/main/*"
 * Argon2Time.java) and reports the capacity that bounds cold verification: cores / this time.
 * Arguments (optional): memory KiB, iterations, parallelism.
 */
public class Argon2Time {
    public static void main(String[] args) {
        int memory = args.length > 0 ? Integer.parseInt(args[0]) : 19456;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id);
        char[] secret = "benchmark-secret-benchmark-secret-0123456789".toCharArray();
        double[] ms = new double[15];
        for (int i = -5; i < ms.length; i++) {
            long started = System.nanoTime();
            argon2.hash(iterations, memory, parallelism, secret);
            if (i >= 0) {
                ms[i] = (System.nanoTime() - started) / 1e6;
            }
        }
        Arrays.sort(ms);
        System.out.printf("%.2f%n", ms[ms.length / 2]);
    }
}
