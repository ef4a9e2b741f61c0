package io.rotor.enricher.serde;

import io.rotor.enricher.avro.Lead;
import java.util.Arrays;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Lets Avro 1.12 load the generated classes when it deserializes.
 *
 * <p>Avro 1.12 refuses to load a class by schema name ({@code SpecificData.getClass} through
 * {@code ClassUtils.forName}) unless {@code ClassSecurityValidator} trusts it; for classes outside its few
 * built-in ones that means the package is listed in the system property {@code org.apache.avro.SERIALIZABLE_PACKAGES}.
 * Avro reads that property once, in the static initializer of {@code ClassSecurityValidator$SystemPropertiesPredicate}
 * (first use of {@code ClassSecurityValidator} or {@code SpecificDatumReader}). So the serde classes call
 * {@link #ensureTrusted()} from their static initializers: it appends the package to the property, and if Avro
 * had already read the property it also adds the package to Avro's live global predicate.
 */
public final class AvroTrust {
    public static final String SERIALIZABLE_PACKAGES_PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";
    /** The package avro-maven-plugin generates {@code Lead} and {@code Priority} into. */
    public static final String GENERATED_PACKAGE = Lead.class.getPackageName();

    private AvroTrust() {
    }

    public static synchronized void ensureTrusted() {
        String current = System.getProperty(SERIALIZABLE_PACKAGES_PROPERTY);
        boolean listed = current != null && Arrays.stream(current.split(","))
                .map(String::trim)
                .anyMatch(entry -> entry.equals(GENERATED_PACKAGE) || entry.equals("*"));
        if (!listed) {
            System.setProperty(SERIALIZABLE_PACKAGES_PROPERTY,
                    current == null || current.isBlank() ? GENERATED_PACKAGE : current + "," + GENERATED_PACKAGE);
        }
        ClassSecurityValidator.ClassSecurityPredicate global = ClassSecurityValidator.getGlobal();
        if (!global.isTrusted(Lead.class)) {
            ClassSecurityValidator.ClassSecurityPredicate generated =
                    type -> type.getName().startsWith(GENERATED_PACKAGE + ".");
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(global, generated));
        }
    }
}
