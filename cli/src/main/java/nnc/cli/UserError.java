package nnc.cli;

/** A mistake of the user's: reported on standard error without a stack trace, exit code 1. */
final class UserError extends RuntimeException {
    private final String report;

    private UserError(String report) {
        super(report);
        this.report = report;
    }

    /** A one-line error: {@code nnc: error: MESSAGE}. */
    static UserError of(String message) {
        return new UserError("nnc: error: " + message + "\n");
    }

    /** Text that is already rendered, such as the frontend's diagnostics with their carets. */
    static UserError rendered(String report) {
        return new UserError(report);
    }

    /** The complete text for standard error, ending in a newline. */
    String report() {
        return report;
    }
}
