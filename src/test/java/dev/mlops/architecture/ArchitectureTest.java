package dev.mlops.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of DESIGN.md, checked on the compiled classes: capabilities form no cycles, the
 * engine's capabilities touch no AWS SDK, JGit, JDBC or XGBoost type (their adapters live in
 * {@code aws}, {@code gitops.git}, {@code local}, {@code ml} and {@code server}), and the serving
 * process does not reach into the local backend.
 */
class ArchitectureTest {
    /** The backend-agnostic engine: specs, build, registry, deploy, desired state, smoke tests, promotion. */
    private static final String[] ENGINE = {"dev.mlops", "dev.mlops.backend..", "dev.mlops.spec..",
        "dev.mlops.pipeline", "dev.mlops.registry..", "dev.mlops.deploy..", "dev.mlops.gitops",
        "dev.mlops.smoke..", "dev.mlops.promote.."};
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.mlops");
    }

    @Test
    void capabilitiesFormNoCycles() {
        slices().matching("dev.mlops.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void rootPackageDependsOnNoCapability() {
        noClasses().that().resideInAPackage("dev.mlops").should().dependOnClassesThat()
                .resideInAPackage("dev.mlops.(*)..").check(classes);
    }

    @Test
    void engineImportsNoAwsSdk() {
        noClasses().that().resideInAnyPackage(ENGINE).should().dependOnClassesThat()
                .resideInAnyPackage("software.amazon..", "com.amazonaws..").check(classes);
    }

    @Test
    void engineImportsNoJGit() {
        noClasses().that().resideInAnyPackage(ENGINE).should().dependOnClassesThat()
                .resideInAPackage("org.eclipse.jgit..").check(classes);
    }

    @Test
    void engineImportsNoJdbc() {
        noClasses().that().resideInAnyPackage(ENGINE).should().dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..", "org.sqlite..").check(classes);
    }

    @Test
    void engineImportsNoXgboost() {
        noClasses().that().resideInAnyPackage(ENGINE).should().dependOnClassesThat()
                .resideInAPackage("ml.dmlc..").check(classes);
    }

    @Test
    void engineImportsNoHost() {
        noClasses().that().resideInAnyPackage(ENGINE).should().dependOnClassesThat()
                .resideInAnyPackage("dev.mlops.cli..", "dev.mlops.server..", "dev.mlops.local..", "dev.mlops.aws..",
                        "picocli..").check(classes);
    }

    @Test
    void serverDoesNotReachIntoTheLocalBackend() {
        noClasses().that().resideInAPackage("dev.mlops.server..").should().dependOnClassesThat()
                .resideInAPackage("dev.mlops.local..").check(classes);
    }
}
