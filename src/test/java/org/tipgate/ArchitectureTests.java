package org.tipgate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "org.tipgate", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    /** Specific exceptions only: a refusal carries a rejection code, a bug names itself. */
    @ArchTest
    static final ArchRule noCodeThrowsPlainExceptions = noClasses().that().areNotAssignableTo(Throwable.class)
            .should().callConstructor(Exception.class)
            .orShould().callConstructor(Exception.class, String.class)
            .orShould().callConstructor(RuntimeException.class, String.class)
            .orShould().callConstructor(RuntimeException.class, String.class, Throwable.class);

    /** ArchUnit's own rule: no {@code Throwable}, {@code Exception} or {@code RuntimeException} thrown as such. */
    @ArchTest
    static final ArchRule noGenericExceptions = NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;

    @ArchTest
    static final ArchRule noJavaUtilLogging = NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

    /**
     * The packages form layers (docs/architecture.md): no package depends, directly or through
     * others, on one that depends on it.
     */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.tipgate.(*)..").should().beFreeOfCycles();

    /** The crypto core decides trust; it must not depend on the CLI or on Spring. */
    @ArchTest
    static final ArchRule cryptoStandsAlone = noClasses().that().resideInAPackage("org.tipgate.crypto..")
            .should().dependOnClassesThat().resideInAnyPackage("org.tipgate.cli..", "org.springframework..",
                    "org.apache.camel..");

    /** Jackson default typing lets input choose a class: never. */
    @ArchTest
    static final ArchRule noDefaultTyping = noClasses().should().callMethod(
            ObjectMapper.class, "activateDefaultTyping",
            PolymorphicTypeValidator.class);
}
