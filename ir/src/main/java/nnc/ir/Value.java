package nnc.ir;

/** Something a node can read: a graph argument or the result of another node. */
public abstract sealed class Value permits Arg, Node {
    private TensorType type;

    Value(TensorType type) {
        this.type = type;
    }

    public TensorType type() {
        return type;
    }

    void setType(TensorType type) {
        this.type = type;
    }
}
