package nnc.backend.java;

import nnc.backend.kernel.Index;
import nnc.backend.kernel.IndexText;

/**
 * Java {@code int} expressions for {@link Index}es. Gathered ids go through the class's {@code row}
 * helper, which checks them against the table as the interpreter does.
 */
final class IndexCode extends IndexText {
    private final JavaNames names;
    private final Helpers helpers;

    IndexCode(JavaNames names, Helpers helpers) {
        this.names = names;
        this.helpers = helpers;
    }

    @Override
    protected String gather(Index.Gather g) {
        return helpers.use(Helpers.ROW) + "(" + names.field(g.ids().buffer()) + "[" + of(g.at()) + "], " + g.bound() + ")";
    }
}
