package dev.mlops.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of DESIGN.md, checked on the compiled classes: capabilities form no cycles, the
 * engine's capabilities touch no AWS SDK, JGit, JDBC or XGBoost type (their adapters live in
 * {@code aws}, {@code gitops.git}, {@code local}, {@code ml} and {@code server}), and the serving
 * process does not reach into the local backend.
 *
 * <p>Two packages are engine for some rules and adapters for one: {@code api} is the Lambda function
 * behind API Gateway and calls SageMaker's runtime, so it may use the AWS SDK; {@code ml} wraps
 * XGBoost, so it may use XGBoost. Each is held to every other rule.
 */
class ArchitectureTest {
    /** The backend-agnostic engine: specs, build, registry, deploy, desired state, smoke tests, promotion, approvals, data. */
    private static final List<String> ENGINE = List.of("dev.mlops", "dev.mlops.backend..", "dev.mlops.spec..",
            "dev.mlops.pipeline..", "dev.mlops.registry..", "dev.mlops.deploy..", "dev.mlops.gitops",
            "dev.mlops.smoke..", "dev.mlops.promote..", "dev.mlops.approval..", "dev.mlops.data..");
    /** The serving API's Lambda function: an AWS adapter by design, engine otherwise. */
    private static final String API = "dev.mlops.api..";
    /** The XGBoost adapter (training, scoring, metrics): engine otherwise. */
    private static final String ML = "dev.mlops.ml..";
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
        noClasses().that().resideInAnyPackage(engineAnd(ML)).should().dependOnClassesThat()
                .resideInAnyPackage("software.amazon..", "com.amazonaws..").check(classes);
    }

    @Test
    void engineImportsNoJGit() {
        noClasses().that().resideInAnyPackage(engineAnd(API, ML)).should().dependOnClassesThat()
                .resideInAPackage("org.eclipse.jgit..").check(classes);
    }

    @Test
    void engineImportsNoJdbc() {
        noClasses().that().resideInAnyPackage(engineAnd(API, ML)).should().dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..", "org.sqlite..").check(classes);
    }

    @Test
    void engineImportsNoXgboost() {
        noClasses().that().resideInAnyPackage(engineAnd(API)).should().dependOnClassesThat()
                .resideInAPackage("ml.dmlc..").check(classes);
    }

    @Test
    void engineImportsNoHost() {
        noClasses().that().resideInAnyPackage(engineAnd(API, ML)).should().dependOnClassesThat()
                .resideInAnyPackage("dev.mlops.cli..", "dev.mlops.server..", "dev.mlops.local..", "dev.mlops.aws..",
                        "picocli..").check(classes);
    }

    @Test
    void serverDoesNotReachIntoTheLocalBackend() {
        noClasses().that().resideInAPackage("dev.mlops.server..").should().dependOnClassesThat()
                .resideInAPackage("dev.mlops.local..").check(classes);
    }

    private static String[] engineAnd(String... more) {
        List<String> packages = new ArrayList<>(ENGINE);
        packages.addAll(List.of(more));
        return packages.toArray(String[]::new);
    }
}
