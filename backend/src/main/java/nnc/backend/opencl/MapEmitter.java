package nnc.backend.opencl;

import nnc.backend.kernel.MapKernel;

/** A {@link MapKernel} as one flat kernel: a work-item per point of its loop nest, whatever the nest's rank. */
final class MapEmitter {
    private MapEmitter() {}

    static ClKernel of(MapKernel k, ClElement el) {
        el.unflatten("(int) get_global_id(0)", k.loops().extents());
        String value = el.emit(k.value(), null);
        el.store(k.output(), el.index(k.store()), value);
        return ClKernel.of(k.name(), k.summary(), el, new long[] {k.loops().total()}, null);
    }
}
