package nnc.ir;

/** Element types. Both are 4 bytes wide, which keeps arena offsets simple for every target. */
public enum DType {
    F32("f32"),
    I32("i32");

    private final String text;

    DType(String text) {
        this.text = text;
    }

    public int bytes() {
        return 4;
    }

    public String text() {
        return text;
    }

    public static DType parse(String text) {
        for (DType d : values()) {
            if (d.text.equals(text)) return d;
        }
        throw new IllegalArgumentException("unknown dtype '" + text + "' (expected f32 or i32)");
    }

    @Override
    public String toString() {
        return text;
    }
}
