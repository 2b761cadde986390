package nnc.frontend.lower;

import nnc.ir.SourceLoc;

/** An evaluated call argument; {@code keyword} is null for a positional one. */
record ArgValue(String keyword, Val value, SourceLoc loc) {}
