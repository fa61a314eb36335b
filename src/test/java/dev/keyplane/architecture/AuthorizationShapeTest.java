package dev.keyplane.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.keyplane.access.Caller;
import dev.keyplane.access.InProject;
import dev.keyplane.access.Internal;
import dev.keyplane.access.RequiresPermission;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Authorization has one shape: every public operation of a bean outside the HTTP adapters declares
 * {@link RequiresPermission} (checked by its interceptor before anything runs) or, deliberately and with a reason,
 * {@link Internal}. A new method that forgets both fails here, which is how grant paths stayed open before.
 */
class AuthorizationShapeTest {

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.keyplane");

    private static final Set<Class<? extends Annotation>> SCOPES =
            Set.of(ApplicationScoped.class, Singleton.class, RequestScoped.class, Dependent.class);

    /** Packages below the access model (it builds on them), whose beans serve no operation. */
    private static final Set<String> BELOW_ACCESS = Set.of("dev.keyplane.common", "dev.keyplane.db");

    /** The CDI beans whose public methods are operations: everything but the adapters, the access model and what is below it. */
    static List<JavaClass> services(JavaClasses classes) {
        return classes.stream()
                .filter(c -> !c.getPackageName().equals("dev.keyplane.api") && !c.getPackageName().startsWith("dev.keyplane.api."))
                .filter(c -> !c.getPackageName().equals("dev.keyplane.access") && !BELOW_ACCESS.contains(c.getPackageName()))
                .filter(c -> SCOPES.stream().anyMatch(c::isAnnotatedWith))
                .toList();
    }

    /** Public methods of {@code services} with neither declaration, as "Class.method" names. */
    static List<String> undeclared(List<JavaClass> services) {
        List<String> missing = new ArrayList<>();
        for (JavaClass service : services) {
            boolean classDeclared = service.isAnnotatedWith(RequiresPermission.class) || service.isAnnotatedWith(Internal.class);
            for (JavaMethod method : service.getMethods()) {
                if (!method.getModifiers().contains(JavaModifier.PUBLIC) || method.getModifiers().contains(JavaModifier.STATIC)
                        || method.getModifiers().contains(JavaModifier.SYNTHETIC) || method.getModifiers().contains(JavaModifier.BRIDGE)) {
                    continue;
                }
                boolean declared = method.isAnnotatedWith(RequiresPermission.class) || method.isAnnotatedWith(Internal.class);
                if (!declared && !classDeclared) {
                    missing.add(service.getSimpleName() + "." + method.getName());
                }
            }
        }
        return missing;
    }

    @Test
    void everyPublicServiceOperationDeclaresItsAuthorization() {
        List<JavaClass> services = services(MAIN);
        assertFalse(services.isEmpty(), "no services found: the scan itself is broken");
        assertEquals(List.of(), undeclared(services));
    }

    @Test
    void aDeclaredPermissionHasACallerToCheckAndAProjectIdIsAString() {
        List<String> wrong = new ArrayList<>();
        for (JavaClass service : services(MAIN)) {
            for (JavaMethod method : service.getMethods()) {
                if (!method.isAnnotatedWith(RequiresPermission.class)) {
                    continue;
                }
                var reflected = method.reflect();
                if (java.util.Arrays.stream(reflected.getParameterTypes()).noneMatch(t -> t == Caller.class)) {
                    wrong.add(service.getSimpleName() + "." + method.getName() + " takes no Caller");
                }
                for (var parameter : reflected.getParameters()) {
                    if (parameter.isAnnotationPresent(InProject.class) && parameter.getType() != String.class) {
                        wrong.add(service.getSimpleName() + "." + method.getName() + " marks a non-String project id");
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void anInternalMarkerSaysWhy() {
        List<String> blank = new ArrayList<>();
        for (JavaClass service : services(MAIN)) {
            service.tryGetAnnotationOfType(Internal.class).filter(i -> i.value().isBlank())
                    .ifPresent(i -> blank.add(service.getSimpleName()));
            for (JavaMethod method : service.getMethods()) {
                method.tryGetAnnotationOfType(Internal.class).filter(i -> i.value().isBlank())
                        .ifPresent(i -> blank.add(service.getSimpleName() + "." + method.getName()));
            }
        }
        assertEquals(List.of(), blank);
    }

    /** Checks happen in one place: nobody outside the access model calls the caller's checks inline. */
    @Test
    void noInlinePermissionChecks() {
        noClasses().that().resideOutsideOfPackage("dev.keyplane.access")
                .should().callMethod(Caller.class, "require", dev.keyplane.access.Permission.class)
                .orShould().callMethod(Caller.class, "requireHeld", dev.keyplane.access.Permission.class)
                .orShould().callMethod(Caller.class, "requireInProject", String.class, dev.keyplane.access.Permission.class)
                .because("authorization is declared with @RequiresPermission and enforced by its interceptor")
                .check(MAIN);
    }

    /** The test above is not vacuous: a planted bean with an undeclared public method is found. */
    @Test
    void theScanFindsAnUndeclaredMethod() {
        JavaClasses planted = new ClassFileImporter().importClasses(PlantedService.class);
        assertEquals(List.of("PlantedService.forgotten"), undeclared(services(planted)));
    }

    @ApplicationScoped
    static class PlantedService {
        @RequiresPermission(dev.keyplane.access.Permission.PROJECTS_READ)
        public void declared(Caller caller) {}

        @Internal("planted")
        public void internal() {}

        public void forgotten(Caller caller) {}
    }
}
