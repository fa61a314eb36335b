package dev.keyplane.common;

import io.smallrye.mutiny.CompositeException;
import io.vertx.pgclient.PgException;
import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every way a lost database reaches a resource is a 503 database_unavailable, never a 500 nor a 400. */
class ErrorMappingTest {

    private static void unavailable(Throwable failure) {
        ApiException classified = ErrorMapping.classify(failure);
        assertEquals(ErrorKind.UNAVAILABLE, classified.kind(), failure.toString());
        assertEquals("database_unavailable", classified.code());
    }

    @Test
    void aConnectionLostMidQueryIs503HoweverItIsWrapped() throws Exception {
        Throwable closed = (Throwable) Class.forName("io.vertx.sqlclient.ClosedConnectionException")
                .getField("INSTANCE").get(null);
        unavailable(closed);
        unavailable(new HibernateException("Failed to execute statement", closed));
        unavailable(new CompositeException(List.of(new HibernateException("x", closed), new IllegalStateException("rollback"))));
    }

    @Test
    void aFailedCommitIs503AndNeverTheClientsMistake() {
        // what a create once answered 400 "The request body could not be read." for
        unavailable(new HibernateException("Failed to commit transaction", new IOException("Connection reset")));
        unavailable(new HibernateException("Failed to commit transaction", new SocketException("Connection reset by peer")));
        // a reset PostgreSQL connection surfaces bare, with nothing around it (seen under pg_terminate_backend)
        unavailable(new SocketException("Connection reset"));
        unavailable(new java.util.concurrent.CompletionException(
                new HibernateException("Failed to commit transaction", new IOException("Connection reset"))));
    }

    @Test
    void aStatementOnAConnectionJustClosedIs503() {
        // what the raw client answers for a pooled connection PostgreSQL closed a moment before (seen under pg_terminate_backend)
        Throwable notActive = new io.vertx.core.impl.NoStackTraceThrowable("Connection is not active now, current status: CLOSED");
        unavailable(notActive);
        unavailable(new CompositeException(List.of(new IllegalStateException("x"), notActive)));
        // the same type with other words is not a database failure
        assertEquals(ErrorKind.INTERNAL, ErrorMapping.classify(new io.vertx.core.impl.NoStackTraceThrowable("something else")).kind());
    }

    @Test
    void connectionClassSqlStatesAre503() {
        unavailable(new PgException("terminating connection due to administrator command", "FATAL", "57P01", null));
        unavailable(new HibernateException("x", new java.sql.SQLException("the database system is starting up", "57P03")));
        unavailable(new java.sql.SQLException("connection failure", "08006"));
    }

    @Test
    void aClientThatHangsUpMidBodyIsStillNotAServerFailure() {
        ApiException classified = ErrorMapping.classify(new IOException("Connection was closed"));
        assertEquals(ErrorKind.INVALID_REQUEST, classified.kind());
    }
}
