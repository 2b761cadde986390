package nnc.backend.java;

import java.lang.reflect.InvocationTargetException;
import nnc.backend.CompiledNetSession;
import nnc.ir.Graph;
import nnc.ir.Tensor;
import nnc.runtime.CompiledNet;

/**
 * A network's generated class, compiled in memory and loaded into this JVM, fed and read as
 * {@link Tensor}s: what {@code nnc run --target java} and the cross-target tests drive. Params and
 * optimizer state stay inside the instance from one step to the next.
 */
public final class JavaSession extends CompiledNetSession {
    private final JavaSource source;

    private JavaSession(JavaSource source, CompiledNet net, Graph graph) {
        super(net, graph);
        this.source = source;
    }

    /** Generates, compiles and instantiates the class of {@code g} (planned first if it has no plan). */
    public static JavaSession compile(Graph g) {
        JavaSource source = JavaTarget.generate(g, JavaTarget.DEFAULT_PACKAGE);
        Class<?> cls = InMemoryCompiler.compile(source);
        try {
            return new JavaSession(source, (CompiledNet) cls.getDeclaredConstructor().newInstance(), g);
        } catch (InstantiationException | IllegalAccessException | NoSuchMethodException | InvocationTargetException e) {
            throw new IllegalStateException("cannot instantiate " + source.qualifiedName(), e);
        }
    }

    public JavaSource source() {
        return source;
    }
}
