package nnc.backend.opencl;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import javax.lang.model.element.Modifier;
import nnc.backend.kernel.Buffer;
import nnc.backend.kernel.KernelProgram;
import nnc.backend.kernel.TensorRef;
import nnc.ir.Arg;
import nnc.ir.DType;
import nnc.ir.TensorType;

/**
 * The JOCL host class of one network: it creates ONE device buffer of exactly {@code arena_bytes} for
 * every transient value plus one buffer per argument, builds {@code kernels.cl}, binds each kernel's
 * buffers once, and per step enqueues the kernels in schedule order, then copies updated params and
 * optimizer state into their buffers. It implements {@code nnc.runtime.CompiledNet}, as the Java
 * target's classes do. The launch table is data (a line per kernel), so a class with thousands of
 * kernels stays within the JVM's method size limits.
 */
final class HostClass {
    private static final ClassName CL = ClassName.get("org.jocl", "CL");
    private static final ClassName POINTER = ClassName.get("org.jocl", "Pointer");
    private static final ClassName SIZEOF = ClassName.get("org.jocl", "Sizeof");
    private static final ClassName CL_EXCEPTION = ClassName.get("org.jocl", "CLException");
    private static final ClassName MEM = ClassName.get("org.jocl", "cl_mem");
    private static final ClassName KERNEL = ClassName.get("org.jocl", "cl_kernel");
    private static final ClassName CONTEXT = ClassName.get("org.jocl", "cl_context");
    private static final ClassName QUEUE = ClassName.get("org.jocl", "cl_command_queue");
    private static final ClassName PROGRAM = ClassName.get("org.jocl", "cl_program");
    private static final ClassName PLATFORM = ClassName.get("org.jocl", "cl_platform_id");
    private static final ClassName DEVICE = ClassName.get("org.jocl", "cl_device_id");
    private static final ClassName PROPERTIES = ClassName.get("org.jocl", "cl_context_properties");
    private static final ClassName COMPILED_NET = ClassName.get("nnc.runtime", "CompiledNet");
    private static final TypeName FLOATS = ArrayTypeName.of(float.class);
    /** Prefix of the message thrown when kernels.cl does not build; the OpenCL build log follows it. */
    static final String BUILD_FAILED = "kernels.cl does not build:\n";

    private final KernelProgram p;
    private final List<ClKernel> kernels;
    private final String className;
    private final ClNames names;

    private HostClass(KernelProgram p, String className, List<ClKernel> kernels) {
        this.p = p;
        this.names = new ClNames(p.args());
        this.kernels = kernels;
        this.className = className;
    }

    static TypeSpec of(KernelProgram p, String className, List<ClKernel> kernels) {
        return new HostClass(p, className, kernels).build();
    }

    /** {@code lstm_lm} becomes {@code LstmLm}; a name starting with a digit gets a leading {@code Net}. */
    static String className(String graphName) {
        StringBuilder sb = new StringBuilder();
        boolean upper = true;
        for (char ch : graphName.toCharArray()) {
            if (!Character.isLetterOrDigit(ch)) {
                upper = true;
                continue;
            }
            sb.append(upper ? Character.toUpperCase(ch) : ch);
            upper = false;
        }
        if (sb.length() == 0 || !Character.isJavaIdentifierStart(sb.charAt(0))) sb.insert(0, "Net");
        return sb.toString();
    }

    private TypeSpec build() {
        TypeSpec.Builder cls = TypeSpec.classBuilder(className)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(COMPILED_NET)
                .addSuperinterface(AutoCloseable.class)
                .addJavadoc(classDoc());
        cls.addField(FieldSpec.builder(long.class, "ARENA_BYTES", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The planned arena_bytes: every transient value lives in device buffer 0.\n")
                .initializer("$LL", p.arenaBytes()).build());
        cls.addField(FieldSpec.builder(String[].class, "NAMES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The arguments in buffer order (buffer {@code i + 1} holds argument {@code i}).\n")
                .initializer("{$L}", quoted(p.args().stream().map(Arg::name).toList())).build());
        cls.addField(FieldSpec.builder(String[].class, "LAUNCHES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Per kernel, in schedule order: its name, global size, work-group size ({@code -} lets the device choose)\n"
                        + "and the buffers its parameters take (0 is the arena).\n")
                .initializer(launchTable()).build());
        cls.addField(FieldSpec.builder(CONTEXT, "context", Modifier.PRIVATE, Modifier.FINAL).build());
        cls.addField(FieldSpec.builder(QUEUE, "queue", Modifier.PRIVATE, Modifier.FINAL).build());
        cls.addField(FieldSpec.builder(PROGRAM, "program", Modifier.PRIVATE, Modifier.FINAL).build());
        cls.addField(FieldSpec.builder(ArrayTypeName.of(MEM), "buffers", Modifier.PRIVATE, Modifier.FINAL)
                .initializer("new $T[$L]", MEM, p.args().size() + 1).build());
        cls.addField(FieldSpec.builder(ArrayTypeName.of(KERNEL), "kernels", Modifier.PRIVATE, Modifier.FINAL)
                .initializer("new $T[LAUNCHES.length]", KERNEL).build());
        cls.addField(FieldSpec.builder(long[][].class, "global", Modifier.PRIVATE, Modifier.FINAL)
                .initializer("new long[LAUNCHES.length][]").build());
        cls.addField(FieldSpec.builder(long[][].class, "local", Modifier.PRIVATE, Modifier.FINAL)
                .initializer("new long[LAUNCHES.length][]").build());
        cls.addField(FieldSpec.builder(ParameterizedTypeName.get(List.class, Long.class), "allocated", Modifier.PRIVATE, Modifier.FINAL)
                .initializer("new $T<>()", ArrayList.class).build());
        cls.addMethod(constructor());
        cls.addMethods(lifecycle());
        cls.addMethods(api());
        return cls.build();
    }

    private CodeBlock classDoc() {
        long persistent = p.args().stream().filter(Arg::persistent).mapToLong(a -> a.type().bytes()).sum();
        return CodeBlock.builder()
                .add("Network {@code @$L} on an OpenCL device, generated by nnc's OpenCL target: $L kernels from kernels.cl.\n",
                        p.name(), kernels.size())
                .add("\n<p>Device memory: an arena of $L bytes for every transient value, $L bytes of params and optimizer\n",
                        p.arenaBytes(), persistent)
                .add("state, $L bytes of inputs. No other device memory is allocated.\n", p.argumentBytes() - persistent)
                .build();
    }

    /** One line per kernel: {@code name global local buffers}, sizes joined with commas. */
    private CodeBlock launchTable() {
        CodeBlock.Builder table = CodeBlock.builder().add("{\n").indent();
        for (int i = 0; i < kernels.size(); i++) {
            ClKernel k = kernels.get(i);
            String line = k.name() + " " + joined(k.global()) + " " + (k.local() == null ? "-" : joined(k.local())) + " "
                    + k.params().stream().map(b -> Integer.toString(names.order(b))).collect(Collectors.joining(","));
            table.add("$S$L\n", line, i + 1 < kernels.size() ? "," : "");
        }
        return table.unindent().add("}").build();
    }

    private static String joined(long[] sizes) {
        return LongStream.of(sizes).mapToObj(Long::toString).collect(Collectors.joining(","));
    }

    private MethodSpec constructor() {
        CodeBlock.Builder c = CodeBlock.builder()
                .addStatement("$T.setExceptionsEnabled(true)", CL)
                .addStatement("$T properties = new $T()", PROPERTIES, PROPERTIES)
                .addStatement("properties.addProperty($T.CL_CONTEXT_PLATFORM, platform)", CL)
                .addStatement("context = $T.clCreateContext(properties, 1, new $T[] {device}, null, null, null)", CL, DEVICE)
                .addStatement("queue = $T.clCreateCommandQueue(context, device, 0, null)", CL)
                .addStatement("program = $T.clCreateProgramWithSource(context, 1, new String[] {kernelsCl}, null, null)", CL)
                .beginControlFlow("try")
                .addStatement("$T.clBuildProgram(program, 0, null, $S, null, null)", CL, "-cl-std=CL1.2")
                .nextControlFlow("catch ($T e)", CL_EXCEPTION)
                .addStatement("throw new IllegalStateException($S + buildLog(device), e)", BUILD_FAILED)
                .endControlFlow()
                .addStatement("buffers[0] = allocate(ARENA_BYTES)");
        for (int i = 0; i < p.args().size(); i++) c.addStatement("buffers[$L] = allocate($LL)", i + 1, p.args().get(i).type().bytes());
        c.beginControlFlow("for (int k = 0; k < LAUNCHES.length; k++)")
                .addStatement("String[] launch = LAUNCHES[k].split(\" \")")
                .addStatement("kernels[k] = $T.clCreateKernel(program, launch[0], null)", CL)
                .addStatement("global[k] = sizes(launch[1])")
                .addStatement("local[k] = launch[2].equals(\"-\") ? null : sizes(launch[2])")
                .addStatement("long[] params = sizes(launch[3])")
                .beginControlFlow("for (int a = 0; a < params.length; a++)")
                .addStatement("$T.clSetKernelArg(kernels[k], a, $T.cl_mem, $T.to(buffers[(int) params[a]]))", CL, SIZEOF, POINTER)
                .endControlFlow()
                .endControlFlow();
        return MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("Builds {@code kernelsCl} (the text of kernels.cl) for {@code device} of {@code platform} and allocates\n"
                        + "the arena and the argument buffers there.\n")
                .addAnnotation(AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "$S", "deprecation").build())
                .addParameter(PLATFORM, "platform").addParameter(DEVICE, "device").addParameter(String.class, "kernelsCl")
                .addCode(c.build()).build();
    }

    private List<MethodSpec> lifecycle() {
        List<MethodSpec> m = new ArrayList<>();
        m.add(MethodSpec.methodBuilder("allocate").addModifiers(Modifier.PRIVATE).returns(MEM).addParameter(long.class, "bytes")
                .addJavadoc("Every device buffer is created here, so {@link #deviceBufferBytes} accounts for all of them.\n")
                .addStatement("allocated.add(bytes)")
                .addStatement("return $T.clCreateBuffer(context, $T.CL_MEM_READ_WRITE, bytes, null, null)", CL, CL).build());
        m.add(MethodSpec.methodBuilder("deviceBufferBytes").addModifiers(Modifier.PUBLIC).returns(long[].class)
                .addJavadoc("The size of every device buffer this instance created, in creation order: the arena first.\n")
                .addStatement("return allocated.stream().mapToLong(Long::longValue).toArray()").build());
        m.add(MethodSpec.methodBuilder("checkRange").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addJavadoc("Fails unless every i32 element (raw bits) lies in {@code [low, high)}.\n")
                .addParameter(String.class, "name").addParameter(FLOATS, "values").addParameter(int.class, "low").addParameter(int.class, "high")
                .beginControlFlow("for (float bits : values)")
                .addStatement("int v = Float.floatToRawIntBits(bits)")
                .beginControlFlow("if (v < low || v >= high)")
                .addStatement("throw new IllegalArgumentException(name + $S + v + $S + low + $S + high + $S)", ": ", " is outside its range [", ", ", ")")
                .endControlFlow()
                .endControlFlow().build());
        m.add(MethodSpec.methodBuilder("sizes").addModifiers(Modifier.PRIVATE, Modifier.STATIC).returns(long[].class)
                .addParameter(String.class, "csv")
                .addStatement("return $T.stream(csv.split(\",\")).mapToLong(Long::parseLong).toArray()", Arrays.class).build());
        m.add(MethodSpec.methodBuilder("buildLog").addModifiers(Modifier.PRIVATE).returns(String.class).addParameter(DEVICE, "device")
                .addStatement("long[] size = new long[1]")
                .addStatement("$T.clGetProgramBuildInfo(program, device, $T.CL_PROGRAM_BUILD_LOG, 0, null, size)", CL, CL)
                .addStatement("byte[] log = new byte[(int) size[0]]")
                .addStatement("$T.clGetProgramBuildInfo(program, device, $T.CL_PROGRAM_BUILD_LOG, log.length, $T.to(log), null)", CL, CL, POINTER)
                .addStatement("return new String(log, 0, Math.max(0, log.length - 1), $T.UTF_8)", ClassName.get("java.nio.charset", "StandardCharsets"))
                .build());
        MethodSpec.Builder step = MethodSpec.methodBuilder(p.training() ? "step" : "forward").addModifiers(Modifier.PUBLIC)
                .addJavadoc(p.training()
                        ? "One training step: forward, backward and optimizer update; params and state then hold their new values.\n"
                        : "One inference step; outputs are readable until the next step.\n")
                .beginControlFlow("for (int k = 0; k < kernels.length; k++)")
                .addStatement("$T.clEnqueueNDRangeKernel(queue, kernels[k], global[k].length, null, global[k], local[k], 0, null, null)", CL)
                .endControlFlow();
        for (Map.Entry<Arg, TensorRef> u : p.updateCopies()) {
            TensorRef src = u.getValue();
            int dst = names.order(new Buffer.Argument(u.getKey()));
            step.addStatement("$T.clEnqueueCopyBuffer(queue, buffers[$L], buffers[$L], $LL, 0, $LL, 0, null, null)", CL, names.order(src.buffer()), dst,
                    4 * src.offset(), 4 * src.numel());
        }
        step.addStatement("$T.clFinish(queue)", CL);
        m.add(step.build());
        m.add(MethodSpec.methodBuilder("run").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addStatement("$N()", p.training() ? "step" : "forward").build());
        m.add(MethodSpec.methodBuilder("close").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addJavadoc("Releases every OpenCL object this instance created.\n")
                .beginControlFlow("for ($T k : kernels)", KERNEL).addStatement("$T.clReleaseKernel(k)", CL).endControlFlow()
                .beginControlFlow("for ($T b : buffers)", MEM).addStatement("$T.clReleaseMemObject(b)", CL).endControlFlow()
                .addStatement("$T.clReleaseProgram(program)", CL)
                .addStatement("$T.clReleaseCommandQueue(queue)", CL)
                .addStatement("$T.clReleaseContext(context)", CL).build());
        return m;
    }

    // ----- the CompiledNet API -----

    private List<MethodSpec> api() {
        List<MethodSpec> m = new ArrayList<>();
        ParameterizedTypeName strings = ParameterizedTypeName.get(List.class, String.class);
        m.add(MethodSpec.methodBuilder("arguments").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(strings)
                .addStatement("return $T.of(NAMES)", List.class).build());
        m.add(MethodSpec.methodBuilder("outputs").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(strings)
                .addStatement("return $T.of($L)", List.class, quoted(new ArrayList<>(p.outputs().keySet()))).build());
        Map<String, TensorType> types = new LinkedHashMap<>();
        p.outputs().forEach((name, ref) -> types.put(name, ref.type()));
        for (Arg a : p.args()) types.putIfAbsent(a.name(), a.type());
        m.add(MethodSpec.methodBuilder("shape").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(int[].class)
                .addParameter(String.class, "name")
                .addCode(switchOn(types.keySet(), name -> CodeBlock.of("new int[] {$L}",
                        Arrays.stream(types.get(name).shape().dims()).mapToObj(Integer::toString).collect(Collectors.joining(", ")))))
                .build());
        m.add(MethodSpec.methodBuilder("isI32").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(boolean.class)
                .addParameter(String.class, "name")
                .addCode(switchOn(types.keySet(), name -> CodeBlock.of("$L", types.get(name).dtype() == DType.I32))).build());
        Map<String, Arg> args = new LinkedHashMap<>();
        for (Arg a : p.args()) args.put(a.name(), a);
        m.add(MethodSpec.methodBuilder("isPersistent").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(boolean.class)
                .addParameter(String.class, "name")
                .addCode(switchOn(args.keySet(), name -> CodeBlock.of("$L", args.get(name).persistent()))).build());
        m.add(MethodSpec.methodBuilder("buffer").addModifiers(Modifier.PRIVATE).returns(int.class).addParameter(String.class, "name")
                .addJavadoc("The device buffer of argument {@code name}.\n")
                .addCode(switchOn(args.keySet(), name -> CodeBlock.of("$L", p.args().indexOf(args.get(name)) + 1))).build());
        m.add(set());
        m.add(MethodSpec.methodBuilder("get").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(FLOATS)
                .addParameter(String.class, "name")
                .addCode(getSwitch()).build());
        m.add(MethodSpec.methodBuilder("read").addModifiers(Modifier.PRIVATE).returns(FLOATS)
                .addParameter(int.class, "buffer").addParameter(long.class, "offset").addParameter(int.class, "count")
                .addStatement("float[] values = new float[count]")
                .addStatement("$T.clEnqueueReadBuffer(queue, buffers[buffer], $T.CL_TRUE, 4 * offset, 4L * count, $T.to(values), 0, null, null)",
                        CL, CL, POINTER)
                .addStatement("return values").build());
        if (p.loss() != null) {
            m.add(MethodSpec.methodBuilder("loss").addModifiers(Modifier.PUBLIC).returns(float.class)
                    .addJavadoc("The loss of the last step.\n")
                    .addStatement("return get($S)[0]", p.loss()).build());
        }
        m.add(MethodSpec.methodBuilder("arenaBytes").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(long.class)
                .addJavadoc("The size of device buffer 0, as OpenCL reports it.\n")
                .addStatement("long[] size = new long[1]")
                .addStatement("$T.clGetMemObjectInfo(buffers[0], $T.CL_MEM_SIZE, $T.size_t, $T.to(size), null)", CL, CL, SIZEOF, POINTER)
                .addStatement("return size[0]").build());
        return m;
    }

    /** Copies values to the device; i32 inputs with a declared range are checked, since kernels index tables with them. */
    private MethodSpec set() {
        MethodSpec.Builder set = MethodSpec.methodBuilder("set").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addParameter(String.class, "name").addParameter(FLOATS, "values")
                .addStatement("int[] shape = shape(name)")
                .addStatement("long count = $T.stream(shape).asLongStream().reduce(1, (x, y) -> x * y)", Arrays.class)
                .beginControlFlow("if (values.length != count)")
                .addStatement("throw new IllegalArgumentException(name + $S + count + $S + values.length)", " takes ", " elements, got ")
                .endControlFlow();
        for (Arg a : p.args()) {
            if (a.type().dtype() != DType.I32 || !a.attrs().has("low") || !a.attrs().has("high")) continue;
            set.beginControlFlow("if (name.equals($S))", a.name())
                    .addStatement("checkRange(name, values, $L, $L)", a.attrs().getInt("low"), a.attrs().getInt("high"))
                    .endControlFlow();
        }
        set.addStatement("$T.clEnqueueWriteBuffer(queue, buffers[buffer(name)], $T.CL_TRUE, 0, 4L * count, $T.to(values), 0, null, null)",
                CL, CL, POINTER);
        return set.build();
    }

    private CodeBlock getSwitch() {
        Map<String, CodeBlock> cases = new LinkedHashMap<>();
        p.outputs().forEach((name, ref) -> cases.put(name, CodeBlock.of("read($L, $LL, $L)", names.order(ref.buffer()), ref.offset(), ref.numel())));
        for (Arg a : p.args()) cases.putIfAbsent(a.name(), CodeBlock.of("read($L, 0, $L)", names.order(new Buffer.Argument(a)), a.type().numel()));
        return switchOn(cases.keySet(), cases::get);
    }

    private static CodeBlock switchOn(Iterable<String> keys, Function<String, CodeBlock> value) {
        CodeBlock.Builder code = CodeBlock.builder().add("return switch (name) {\n").indent();
        for (String k : keys) code.add("case $S -> $L;\n", k, value.apply(k));
        return code.add("default -> throw new IllegalArgumentException($S + name);\n", "unknown name ").unindent().add("};\n").build();
    }

    private static String quoted(List<String> names) {
        return names.stream().map(n -> CodeBlock.of("$S", n).toString()).collect(Collectors.joining(", "));
    }
}
