package nnc.ir;

/**
 * A user-facing type or shape error found while building a node. The message is plain English and
 * names the shapes involved; the frontend attaches the source position.
 */
public final class ShapeException extends RuntimeException {
    public ShapeException(String message) {
        super(message);
    }
}
