package nnc.backend.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import nnc.backend.kernel.MapKernel;

/** A {@link MapKernel}: its loop nest, the element's statements, one store. */
final class MapCode {
    private MapCode() {}

    static MethodSpec of(MapKernel k, ElementCode el) {
        CodeBlock.Builder code = CodeBlock.builder();
        int rank = k.loops().rank();
        for (int i = 0; i < rank; i++) {
            String v = IndexCode.var(i);
            if (i == 0) KernelMethod.openUnits(code, k.parallel(), v);
            else code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", v, v, k.loops().extent(i), v);
        }
        String value = el.emit(code, k.value(), null);
        el.store(code, k.output(), el.index().of(k.store()), value);
        for (int i = 0; i < rank; i++) code.endControlFlow();
        return KernelMethod.builder(k).addCode(code.build()).build();
    }
}
