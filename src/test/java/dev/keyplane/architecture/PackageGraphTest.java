package dev.keyplane.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package graph, enforced: no cycle between packages, adapters on top (nothing imports {@code api}), SQL out of
 * the adapters, and the low layers ({@code access}, {@code common}, {@code db}, {@code changes}, {@code secrets},
 * {@code observability}) and {@code auth} free of feature packages. A feature may use another only in one direction;
 * the acyclic rule keeps it so.
 */
class PackageGraphTest {

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.keyplane");

    /** The feature packages: each its entities and its service. */
    static final String[] FEATURES = {"dev.keyplane.apikey..", "dev.keyplane.audit..", "dev.keyplane.certificate..", "dev.keyplane.console..",
            "dev.keyplane.group..", "dev.keyplane.idempotency..", "dev.keyplane.invite..", "dev.keyplane.member..",
            "dev.keyplane.organization..", "dev.keyplane.project..", "dev.keyplane.quota..", "dev.keyplane.ratelimit..",
            "dev.keyplane.registered..", "dev.keyplane.role..", "dev.keyplane.serviceaccount..", "dev.keyplane.usage..",
            "dev.keyplane.user..", "dev.keyplane.verification..", "dev.keyplane.webhook..", "dev.keyplane.provision.."};

    static final ArchRule NO_CYCLES = slices().matching("dev.keyplane.(*)..").should().beFreeOfCycles();

    @Test
    void packagesFormNoCycle() {
        NO_CYCLES.check(MAIN);
    }

    @Test
    void theCycleRuleFindsAPlantedCycle() {
        JavaClasses planted = new ClassFileImporter().importPackages("dev.keyplane.architecture.planted");
        assertTrue(slices().matching("dev.keyplane.architecture.planted.(*)..").should().beFreeOfCycles()
                .evaluate(planted).hasViolation(), "a planted a <-> b cycle must be reported");
    }

    @Test
    void nothingImportsTheAdapters() {
        noClasses().that().resideOutsideOfPackage("dev.keyplane.api..")
                .should().dependOnClassesThat().resideInAPackage("dev.keyplane.api..")
                .because("adapters call services, never the reverse")
                .check(MAIN);
    }

    @Test
    void adaptersRunNoSql() {
        noClasses().that().resideInAPackage("dev.keyplane.api..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx.sqlclient..", "io.vertx.mutiny.sqlclient..",
                        "io.vertx.pgclient..", "org.hibernate..", "io.quarkus.hibernate..", "jakarta.persistence..")
                .because("an adapter maps DTOs and calls a service; queries and transactions are the services'")
                .check(MAIN);
    }

    @Test
    void authImportsNoFeature() {
        noClasses().that().resideInAPackage("dev.keyplane.auth..")
                .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
                .because("authentication sits below the features it serves")
                .check(MAIN);
    }

    @Test
    void theLowLayersImportNoFeatureAndNoAuth() {
        noClasses().that().resideInAnyPackage("dev.keyplane.access..", "dev.keyplane.common..", "dev.keyplane.db..",
                        "dev.keyplane.changes..", "dev.keyplane.secrets..", "dev.keyplane.observability..")
                .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
                .orShould().dependOnClassesThat().resideInAPackage("dev.keyplane.auth..")
                .check(MAIN);
    }

    @Test
    void commonAndDbDoNotImportTheAccessModel() {
        noClasses().that().resideInAnyPackage("dev.keyplane.common..", "dev.keyplane.db..")
                .should().dependOnClassesThat().resideInAPackage("dev.keyplane.access..")
                .because("the access model builds on them")
                .check(MAIN);
    }
}
