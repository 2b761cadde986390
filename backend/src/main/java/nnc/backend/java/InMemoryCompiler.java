package nnc.backend.java;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles a generated class with the JDK's compiler, without touching the disk, and loads it. The
 * runtime sources are compiled alongside so that no class path is needed; the loaded class still links
 * against the runtime classes of this JVM (parent-first loading), so it can be used as a
 * {@code CompiledNet} here.
 */
public final class InMemoryCompiler {
    private InMemoryCompiler() {}

    /** Thrown when generated code does not compile: a bug in the target, reported with javac's messages. */
    static final class CompileError extends RuntimeException {
        CompileError(String message) {
            super(message);
        }
    }

    /** The JDK module the generated kernels use; its classes must be in this JVM's boot layer to load them. */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";

    public static Class<?> compile(JavaSource source) {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) throw new VectorModuleMissingException();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) throw new IllegalStateException("the Java target needs a JDK (javax.tools finds no compiler in this runtime)");
        List<JavaFileObject> units = new ArrayList<>();
        units.add(new Source(source.path(), source.code()));
        JavaTarget.runtimeSources().forEach((path, code) -> units.add(new Source(path, code)));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> classes = new HashMap<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, null, null);
        ForwardingJavaFileManager<StandardJavaFileManager> files = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return classes.computeIfAbsent(className, k -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        boolean ok = javac.getTask(null, files, diagnostics, List.of("-proc:none", "-g:none", "--release", "17", "--add-modules", VECTOR_MODULE), null, units).call();
        if (!ok) {
            StringBuilder sb = new StringBuilder("generated class " + source.qualifiedName() + " does not compile:");
            diagnostics.getDiagnostics().forEach(d -> sb.append("\n  line ").append(d.getLineNumber()).append(": ").append(d.getMessage(null)));
            throw new CompileError(sb.toString());
        }
        ClassLoader loader = new ClassLoader(InMemoryCompiler.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                ByteArrayOutputStream bytes = classes.get(name);
                if (bytes == null) throw new ClassNotFoundException(name);
                byte[] b = bytes.toByteArray();
                return defineClass(name, b, 0, b.length);
            }
        };
        try {
            return loader.loadClass(source.qualifiedName());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("javac produced no class " + source.qualifiedName(), e);
        }
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String path, String code) {
            super(URI.create("mem:///" + path), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
