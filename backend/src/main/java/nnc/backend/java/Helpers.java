package nnc.backend.java;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.lang.model.element.Modifier;

/**
 * Small static methods that kernels call: checks that make an invalid id or label fail with the
 * interpreter's message instead of reading a wrong element, i32 division, tanh and GELU's slope. A class
 * gets only the ones its kernels use, in name order.
 */
final class Helpers {
    /** {@code row(bits, rows)}: an embedding id (raw i32 bits) checked against the table's rows. */
    static final MethodSpec ROW = MethodSpec.methodBuilder("row")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(int.class)
            .addParameter(float.class, "bits")
            .addParameter(int.class, "rows")
            .addStatement("int id = Float.floatToRawIntBits(bits)")
            .beginControlFlow("if (id < 0 || id >= rows)")
            .addStatement("throw new IllegalArgumentException($S + id + $S + rows + $S)", "embedding: id ", " is out of range for a table of ", " rows")
            .endControlFlow()
            .addStatement("return id")
            .build();

    /** {@code label(op, bits, classes)}: a class label (raw i32 bits) checked against the number of classes. */
    static final MethodSpec LABEL = MethodSpec.methodBuilder("label")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(int.class)
            .addParameter(String.class, "op")
            .addParameter(float.class, "bits")
            .addParameter(int.class, "classes")
            .addStatement("int label = Float.floatToRawIntBits(bits)")
            .beginControlFlow("if (label < 0 || label >= classes)")
            .addStatement("throw new IllegalArgumentException(op + $S + label + $S + classes + $S)", ": label ", " is out of range for ", " classes")
            .endControlFlow()
            .addStatement("return label")
            .build();

    /** {@code divI32(a, b)}: i32 division, truncating, failing on a zero divisor as the interpreter does. */
    static final MethodSpec DIV_I32 = MethodSpec.methodBuilder("divI32")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(int.class)
            .addParameter(int.class, "a")
            .addParameter(int.class, "b")
            .beginControlFlow("if (b == 0)")
            .addStatement("throw new ArithmeticException($S + a + $S)", "div: i32 division by zero (", " / 0)")
            .endControlFlow()
            .addStatement("return a / b")
            .build();

    /**
     * {@code tanh(x)} from {@link Math#exp}, which the JIT compiles to a fast stub: {@link Math#tanh} is a
     * native call several times slower. A short odd series near 0 keeps the relative error at double's.
     */
    static final MethodSpec TANH = MethodSpec.methodBuilder("tanh")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(TypeName.DOUBLE)
            .addParameter(double.class, "x")
            .addStatement("double a = Math.abs(x)")
            .beginControlFlow("if (a < 0.0625)")
            .addStatement("double x2 = x * x")
            .addStatement("return x * (1 + x2 * (-1.0 / 3 + x2 * (2.0 / 15 + x2 * (-17.0 / 315 + x2 * (62.0 / 2835)))))")
            .endControlFlow()
            .addStatement("double t = a > 20 ? 1 : 1 - 2 / (Math.exp(2 * a) + 1)")
            .addStatement("return x < 0 ? -t : t")
            .build();

    /** {@code geluSlope(x)}: d/dx of the tanh approximation of GELU; needs {@link #TANH}. */
    static final MethodSpec GELU_SLOPE = MethodSpec.methodBuilder("geluSlope")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(TypeName.DOUBLE)
            .addParameter(double.class, "x")
            .addStatement("double t = tanh($L * (x + $L * x * x * x))", ScalarOps.SQRT_2_OVER_PI, ScalarOps.GELU_CUBIC)
            .addStatement("return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * $L * (1 + 3 * $L * x * x)", ScalarOps.SQRT_2_OVER_PI,
                    ScalarOps.GELU_CUBIC)
            .build();

    /** The vector species of the machine running the class, and its lanes: constants to the JIT. */
    static final String SPECIES = "SPECIES";
    static final String LANES = "LANES";

    private final Map<String, MethodSpec> used = new TreeMap<>();
    private final Map<String, Long> scratch = new TreeMap<>();
    private boolean vectors;

    /**
     * Records that a kernel needs {@code floats} of working space under {@code name}; returns the
     * expression that gives the running thread's array of it. One array per name and thread, as long
     * as the largest need, kept between steps: allocating and zeroing it at every call of a kernel
     * block cost as much as a small convolution.
     */
    String scratch(String name, long floats) {
        scratch.merge(name, floats, Math::max);
        return name + ".get()";
    }

    /** Records that a kernel calls {@code helper}; returns its name. */
    String use(MethodSpec helper) {
        used.put(helper.name(), helper);
        return helper.name();
    }

    /** Records that a kernel uses the vector API; returns the name of the species field. */
    String useVectors() {
        vectors = true;
        return SPECIES;
    }

    /** The species and lanes fields, when a kernel uses vectors, and the working arrays of each thread. */
    List<FieldSpec> fields() {
        List<FieldSpec> fields = new ArrayList<>();
        if (vectors) {
            TypeName species = ParameterizedTypeName.get(ClassName.get("jdk.incubator.vector", "VectorSpecies"), ClassName.get(Float.class));
            fields.add(FieldSpec.builder(species, SPECIES, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("$T.SPECIES_PREFERRED", MatmulVectors.FLOAT_VECTOR).build());
            fields.add(FieldSpec.builder(int.class, LANES, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("$L.length()", SPECIES).build());
        }
        TypeName perThread = ParameterizedTypeName.get(ClassName.get(ThreadLocal.class), ArrayTypeName.of(float.class));
        scratch.forEach((name, floats) -> fields.add(FieldSpec.builder(perThread, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$T.withInitial(() -> new float[$L])", ThreadLocal.class, floats).build()));
        return fields;
    }

    List<MethodSpec> methods() {
        return List.copyOf(used.values());
    }
}
