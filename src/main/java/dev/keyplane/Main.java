package dev.keyplane;

import dev.keyplane.provision.ProvisionCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.util.Arrays;

/**
 * The jar's two commands: the server (no arguments) and {@code provision} (the provisioning sidecar, which
 * starts no server and needs no database: it talks to a running Keyplane over HTTP).
 */
@QuarkusMain
public final class Main {

    private Main() {
    }

    public static void main(String... args) {
        if (args.length > 0 && "provision".equals(args[0])) {
            System.exit(ProvisionCommand.main(Arrays.copyOfRange(args, 1, args.length)));
        }
        Quarkus.run(args);
    }
}
