package nnc.backend.kernel;

/** Plans a group of elementwise and movement ops (and pools) as one loop nest over the result. */
final class MapPlanner {
    private MapPlanner() {}

    static MapKernel plan(Group group, String name) {
        LoopNest loops = LoopNest.of(group.result.type().shape().dims());
        Expr value = new ExprBuilder(group, null, loops.extents()).at(group.result, loops.vars());
        LoopSimplifier.Body body = LoopSimplifier.simplify(new LoopSimplifier.Body(loops, null, group.output.at(loops.vars()), value));
        long units = body.loops().rank() == 0 ? 1 : body.loops().extent(0);
        long work = Math.max(group.flops(), loops.total());
        return new MapKernel(name, group.summary(), body.loops(), group.output, body.store(), body.value(), Parallel.split(units, work));
    }
}
