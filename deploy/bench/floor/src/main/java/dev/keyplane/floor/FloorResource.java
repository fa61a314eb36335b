package dev.keyplane.floor;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The same answer as Keyplane's GET /v1/ping, with nothing around it. */
@Path("/v1/ping")
public class FloorResource {

    public record Pong(String object) {
    }

    private static final Pong PONG = new Pong("ping");

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @NonBlocking
    public Pong ping() {
        return PONG;
    }
}
