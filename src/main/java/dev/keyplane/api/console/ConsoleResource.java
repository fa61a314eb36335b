package dev.keyplane.api.console;

import dev.keyplane.access.Caller;
import dev.keyplane.access.Permission;
import dev.keyplane.apikey.ProjectKeyService;
import dev.keyplane.api.openai.AuditLogObjects;
import dev.keyplane.audit.AuditService;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.PageRequest;
import dev.keyplane.console.ConsoleSessions;
import dev.keyplane.console.ConsoleSessions.Session;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.project.Project;
import dev.keyplane.project.ProjectDraft;
import dev.keyplane.project.ProjectService;
import dev.keyplane.serviceaccount.ServiceAccountService;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code /console}: the web console, server-rendered (Qute), working without JavaScript. A thin adapter like the API
 * dialects: each page or form resolves the session ({@link ConsoleSessions}) to the caller its key is now, calls the
 * same service the API calls with that caller (so the same authorization and audit entries), and renders the result.
 * Every state-changing form carries the session's CSRF token; without it nothing changes.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
// what the pages read (value resolvers generated at build time, no reflection)
@TemplateData(target = Project.class)
@TemplateData(target = dev.keyplane.project.ProjectStatus.class)
@TemplateData(target = dev.keyplane.project.Environment.class)
@TemplateData(target = dev.keyplane.serviceaccount.ServiceAccount.class)
@TemplateData(target = dev.keyplane.access.ServiceAccountRole.class)
@TemplateData(target = ProjectKeyService.ProjectKeyView.class)
@TemplateData(target = dev.keyplane.apikey.ApiKey.class)
@TemplateData(target = dev.keyplane.apikey.KeyAccount.class)
@TemplateData(target = dev.keyplane.user.User.class)
@TemplateData(target = dev.keyplane.audit.AuditEvent.class)
@TemplateData(target = Caller.class)
@TemplateData(target = Session.class)
public class ConsoleResource {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ConsoleResource.class);

    static final String SESSION_COOKIE = "kp_console";
    /** The sign-in form's own token (double submit): there is no session yet to hold one. */
    static final String SIGN_IN_COOKIE = "kp_console_sign_in";

    @Inject
    ConsoleSessions sessions;
    @Inject
    ProjectService projects;
    @Inject
    ServiceAccountService serviceAccounts;
    @Inject
    ProjectKeyService projectKeys;
    @Inject
    AuditService audit;

    @Location("console/sign-in.html")
    Template signInPage;
    @Location("console/projects.html")
    Template projectsPage;
    @Location("console/project.html")
    Template projectPage;
    @Location("console/audit.html")
    Template auditPage;
    @Location("console/error.html")
    Template errorPage;

    @Context
    UriInfo uri;

    @GET
    public Uni<Response> home(@CookieParam(SESSION_COOKIE) String token) {
        return signedIn(token, session -> Uni.createFrom().item(redirect(session.caller().isProjectScoped()
                ? "/console/projects/" + session.caller().projectId() : "/console/projects")));
    }

    @GET
    @Path("/sign-in")
    public Uni<Response> signIn(@CookieParam(SIGN_IN_COOKIE) String formToken) {
        String csrf = formToken != null && formToken.length() == 43 ? formToken : ConsoleSessions.randomToken();
        return render(signInPage.data("session", null).data("csrf", csrf).data("error", null), 200)
                .map(response -> Response.fromResponse(response).cookie(cookie(SIGN_IN_COOKIE, csrf, "/console/sign-in")).build());
    }

    @POST
    @Path("/sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> signIn(@FormParam("key") String key, @FormParam("csrf") String csrf, @CookieParam(SIGN_IN_COOKIE) String formToken) {
        if (!ConsoleSessions.sameToken(formToken, csrf)) {
            return render(signInPage.data("session", null).data("csrf", formToken == null ? ConsoleSessions.randomToken() : formToken)
                    .data("error", "The form expired. Sign in again."), 403);
        }
        return sessions.open(key)
                .map(opened -> Response.seeOther(URI.create("/console")).cookie(cookie(SESSION_COOKIE, opened.token(), "/console"),
                        expired(SIGN_IN_COOKIE, "/console/sign-in")).build())
                .onFailure(ApiException.class).recoverWithUni(failure -> render(signInPage.data("session", null).data("csrf", formToken)
                        .data("error", "That key is not valid: unknown, revoked or expired."), 401));
    }

    @POST
    @Path("/sign-out")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> signOut(@CookieParam(SESSION_COOKIE) String token, @FormParam("csrf") String csrf) {
        return changing(token, csrf, session -> sessions.signOut(token)
                .map(done -> Response.seeOther(URI.create("/console/sign-in")).cookie(expired(SESSION_COOKIE, "/console")).build()));
    }

    @GET
    @Path("/projects")
    public Uni<Response> projects(@CookieParam(SESSION_COOKIE) String token, @QueryParam("q") String query,
                                  @QueryParam("status") String status, @QueryParam("after") String after) {
        return signedIn(token, session -> {
            boolean archived = "archived".equals(status) || "all".equals(status);
            return projects.list(session.caller(), PageRequest.of("100", after, null, IdPrefix.PROJECT), archived).chain(page -> {
                String needle = query == null ? "" : query.trim().toLowerCase(Locale.ROOT);
                List<Project> shown = page.items().stream()
                        .filter(p -> !"archived".equals(status) || p.archivedAt != null)
                        .filter(p -> needle.isEmpty() || p.name.toLowerCase(Locale.ROOT).contains(needle)
                                || p.id.equals(needle) || needle.equals(p.externalId))
                        .toList();
                String next = page.hasMore() && !page.items().isEmpty() ? page.items().get(page.items().size() - 1).id : null;
                return render(session, projectsPage.data("projects", shown).data("q", query == null ? "" : query)
                        .data("status", status == null ? "active" : status).data("next", next)
                        .data("canCreate", holds(session.caller(), Permission.PROJECTS_WRITE) && !session.caller().isProjectScoped()), 200);
            });
        });
    }

    @POST
    @Path("/projects")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> createProject(@CookieParam(SESSION_COOKIE) String token, @FormParam("csrf") String csrf,
                                       @FormParam("name") String name) {
        return changing(token, csrf, session -> {
            if (name == null || name.isBlank() || name.length() > 255) {
                return Uni.createFrom().failure(ApiException.invalid("name", "A project needs a name of 1 to 255 characters."));
            }
            return projects.create(session.caller(), new ProjectDraft(name.trim(), null, null, null, null, null, null), Idempotent.<Project>none())
                    .map(created -> redirect("/console/projects/" + created.body().id));
        });
    }

    @GET
    @Path("/projects/{project_id}")
    public Uni<Response> project(@CookieParam(SESSION_COOKIE) String token, @PathParam("project_id") String projectId) {
        return signedIn(token, session -> projects.get(session.caller(), projectId)
                .chain(project -> serviceAccounts.list(session.caller(), projectId, PageRequest.of("100", null, null, IdPrefix.SERVICE_ACCOUNT))
                        .chain(accounts -> projectKeys.list(session.caller(), projectId, PageRequest.of("100", null, null, IdPrefix.API_KEY),
                                        ProjectKeyService.Access.ANY)
                                .chain(keys -> sessions.takeReveal(token).chain(secret -> render(session, projectPage
                                        .data("project", project).data("accounts", accounts.items()).data("keys", keys.items())
                                        .data("secret", secret)
                                        .data("canWrite", holds(session.caller(), Permission.SERVICE_ACCOUNTS_WRITE))
                                        .data("canRevoke", holds(session.caller(), Permission.API_KEYS_WRITE)), 200))))));
    }

    @POST
    @Path("/projects/{project_id}/service_accounts")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> createServiceAccount(@CookieParam(SESSION_COOKIE) String token, @FormParam("csrf") String csrf,
                                              @PathParam("project_id") String projectId, @FormParam("name") String name) {
        return changing(token, csrf, session -> {
            if (name == null || name.isBlank() || name.length() > 255) {
                return Uni.createFrom().failure(ApiException.invalid("name", "A service account needs a name of 1 to 255 characters."));
            }
            return serviceAccounts.create(session.caller(), projectId, name.trim(), true, Idempotent.<ServiceAccountService.Created>none())
                    // the secret is shown once, on the page this redirects to, and never again (ConsoleSessions.stashReveal)
                    .chain(created -> sessions.stashReveal(token, created.body().firstKey().rawValue()))
                    .map(done -> redirect("/console/projects/" + projectId + "#new-key"));
        });
    }

    @POST
    @Path("/projects/{project_id}/api_keys/{key_id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> revokeKey(@CookieParam(SESSION_COOKIE) String token, @FormParam("csrf") String csrf,
                                   @PathParam("project_id") String projectId, @PathParam("key_id") String keyId) {
        // revoke, not delete: a service account's key is revoked alone, its account stays (the API's /api-keys/{id}/revoke)
        return changing(token, csrf, session -> projectKeys.revoke(session.caller(), keyId)
                .map(key -> redirect("/console/projects/" + key.projectId)));
    }

    @GET
    @Path("/audit")
    public Uni<Response> auditLog(@CookieParam(SESSION_COOKIE) String token, @QueryParam("type") String type,
                                  @QueryParam("actor") String actor, @QueryParam("project") String project,
                                  @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("after") String after) {
        return signedIn(token, session -> Uni.createFrom().deferred(() -> audit.list(session.caller(), filter(type, actor, project, from, to),
                        PageRequest.of("50", after, null, IdPrefix.AUDIT_LOG)))
                .chain(page -> render(session, auditPage.data("events", page.items()).data("type", blank(type))
                        .data("actor", blank(actor)).data("project", blank(project)).data("from", blank(from)).data("to", blank(to))
                        .data("next", page.hasMore() && !page.items().isEmpty() ? page.items().get(page.items().size() - 1).id : null)
                        .data("query", query(type, actor, project, from, to)), 200)));
    }

    /** The filtered audit log as NDJSON, streamed: the API export's rows and shape ({@code AuditLogObject}). */
    @GET
    @Path("/audit/export")
    @Produces("application/x-ndjson")
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<AuditLogObjects.AuditLogObject> exportAudit(@CookieParam(SESSION_COOKIE) String token, @QueryParam("type") String type,
                                                             @QueryParam("actor") String actor, @QueryParam("project") String project,
                                                             @QueryParam("from") String from, @QueryParam("to") String to) {
        return Multi.createFrom().uni(sessions.resolve(token)).onItem().transformToMultiAndConcatenate(session -> session == null
                ? Multi.createFrom().failure(ApiException.unauthorized())
                : audit.export(session.caller(), filter(type, actor, project, from, to)).map(AuditLogObjects.AuditLogObject::from));
    }

    // --- the session and the page around every request -------------------------------------------------------------

    /** Runs {@code page} for a signed-in request; anyone else goes to sign-in. Failures become pages. */
    private Uni<Response> signedIn(String token, Function<Session, Uni<Response>> page) {
        return sessions.resolve(token)
                .chain(session -> session == null ? Uni.createFrom().item(redirect("/console/sign-in")) : page.apply(session)
                        .onFailure(ApiException.class).recoverWithUni(failure -> failed(session, (ApiException) failure)))
                .onFailure(f -> !(f instanceof ApiException)).invoke(failure -> LOG.warnf("Console request failed: %s", failure.toString()))
                .onFailure(f -> !(f instanceof ApiException)).recoverWithUni(failure -> render(errorPage.data("session", null).data("field", null)
                        .data("title", "Keyplane is unavailable").data("message",
                                "Keyplane cannot reach its database right now. Nothing was changed; try again in a moment."), 503));
    }

    /** {@link #signedIn} for a form that changes something: without the session's CSRF token nothing runs. */
    private Uni<Response> changing(String token, String csrf, Function<Session, Uni<Response>> action) {
        return signedIn(token, session -> session.csrfMatches(csrf) ? action.apply(session)
                : render(session, errorPage.data("field", null).data("title", "Nothing was changed").data("message",
                        "This form's security token is missing or stale. Reload the page and try again."), 403));
    }

    private Uni<Response> failed(Session session, ApiException failure) {
        String title = switch (failure.kind()) {
            case FORBIDDEN -> "Your key may not do this";
            case NOT_FOUND -> "Not found";
            case CONFLICT -> "That conflicts with what exists";
            case INVALID_REQUEST, UNPROCESSABLE -> "Please check the form";
            case RATE_LIMITED -> "Too many requests";
            default -> "Something went wrong";
        };
        String message = failure.kind() == dev.keyplane.common.ErrorKind.CONFLICT && "quota_exceeded".equals(failure.code())
                ? "The organization or project has reached its quota for this: " + failure.getMessage()
                : failure.getMessage();
        return render(session, errorPage.data("title", title).data("message", message).data("field", failure.param()),
                failure.kind().status());
    }

    private Uni<Response> render(Session session, TemplateInstance page, int status) {
        return render(page.data("session", session).data("caller", session.caller()).data("projectScoped", session.caller().isProjectScoped())
                .data("canAudit", !session.caller().isProjectScoped() && holds(session.caller(), Permission.AUDIT_LOGS_READ)), status);
    }

    private static Uni<Response> render(TemplateInstance page, int status) {
        return page.createUni().map(html -> Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html).build());
    }

    private static Response redirect(String path) {
        return Response.seeOther(URI.create(path)).build();
    }

    /** An HttpOnly, SameSite=Strict cookie, Secure when the console is served over HTTPS. */
    private NewCookie cookie(String name, String value, String path) {
        return new NewCookie.Builder(name).value(value).path(path).httpOnly(true).sameSite(NewCookie.SameSite.STRICT)
                .secure("https".equals(uri.getBaseUri().getScheme())).build();
    }

    private NewCookie expired(String name, String path) {
        return new NewCookie.Builder(name).value("").path(path).maxAge(0).httpOnly(true).sameSite(NewCookie.SameSite.STRICT)
                .secure("https".equals(uri.getBaseUri().getScheme())).build();
    }

    private static boolean holds(Caller caller, Permission permission) {
        return caller.permissions().contains(permission);
    }

    private static String blank(String value) {
        return value == null ? "" : value;
    }

    /** The console's filters in the API's terms; {@code from} and {@code to} are days (UTC), both included. */
    private static AuditService.Filter filter(String type, String actor, String project, String from, String to) {
        return new AuditService.Filter(null, day(from, "from", 0), day(to, "to", 1), null, one(project), one(type), one(actor),
                null, null, true, false);
    }

    private static Long day(String value, String field, int plusDays) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim()).plusDays(plusDays).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field, "A day as YYYY-MM-DD.");
        }
    }

    private static List<String> one(String value) {
        return value == null || value.isBlank() ? null : List.of(value.trim());
    }

    private static String query(String type, String actor, String project, String from, String to) {
        StringBuilder q = new StringBuilder();
        for (String[] p : new String[][] {{"type", type}, {"actor", actor}, {"project", project}, {"from", from}, {"to", to}}) {
            if (p[1] != null && !p[1].isBlank()) {
                q.append(q.length() == 0 ? "?" : "&").append(p[0]).append('=').append(URLEncoder.encode(p[1].trim(), StandardCharsets.UTF_8));
            }
        }
        return q.toString();
    }
}
