package nnc.cli;

/** What {@code nnc compile --emit} produces; each kind is one file per network, {@code <name><extension>}. */
enum Emit {
    IR("ir", ".ir");

    private final String text;
    private final String extension;

    Emit(String text, String extension) {
        this.text = text;
        this.extension = extension;
    }

    String extension() {
        return extension;
    }

    /** The name users type; picocli lists and matches values by it. */
    @Override
    public String toString() {
        return text;
    }
}
