package nnc.backend.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.util.Set;
import nnc.backend.kernel.MapKernel;
import nnc.ir.DType;

/**
 * A {@link MapKernel}: its loop nest, the element's statements, one store. The innermost loop runs in
 * vectors first when the element allows it ({@link LaneCode}), then in scalars for the rest.
 */
final class MapCode {
    private MapCode() {}

    static MethodSpec of(MapKernel k, ElementCode el, Helpers helpers) {
        CodeBlock.Builder code = CodeBlock.builder();
        int last = k.loops().rank() - 1;
        if (last < 0) {
            el.store(code, k.output(), el.index().of(k.store()), el.emit(code, k.value(), null));
            return KernelMethod.builder(k).addCode(code.build()).build();
        }
        for (int i = 0; i < last; i++) {
            String v = IndexCode.var(i);
            if (i == 0) KernelMethod.openUnits(code, k.parallel(), v);
            else code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", v, v, k.loops().extent(i), v);
        }
        String v = IndexCode.var(last);
        String[] range = last == 0 ? KernelMethod.units(code, k.parallel(), k.parallel().units()) : new String[] {"0", String.valueOf(k.loops().extent(last))};
        LaneCode lanes = new LaneCode(el, helpers, last, Set.of());
        if (k.loops().extent(last) >= MatmulVectors.MIN_VECTOR_COLUMNS && k.output().dtype() == DType.F32 && lanes.contiguous(k.store())
                && lanes.supports(k.value())) {
            LaneCode.openVectorLoop(code, v, range[0], range[1]);
            code.addStatement("$L.intoArray($L, $L)", lanes.emit(code, k.value()), el.field(k.output()), el.index().of(k.store()));
            code.endControlFlow();
            LaneCode.openScalarLoop(code, v, range[1]);
        } else {
            code.beginControlFlow("for (int $L = $L; $L < $L; $L++)", v, range[0], v, range[1], v);
        }
        String value = el.emit(code, k.value(), null);
        el.store(code, k.output(), el.index().of(k.store()), value);
        for (int i = 0; i <= last; i++) code.endControlFlow();
        return KernelMethod.builder(k).addCode(code.build()).build();
    }
}
