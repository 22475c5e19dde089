package org.followupmonitor.events.file;

/** A file that cannot be imported (missing, bad header, wrong encoding) or, in strict mode, its first bad line. */
public final class RegistryImportException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean rejectedLine;

    public RegistryImportException(String message) {
        this(message, null, false);
    }

    public RegistryImportException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private RegistryImportException(String message, Throwable cause, boolean rejectedLine) {
        super(message, cause);
        this.rejectedLine = rejectedLine;
    }

    /** Strict mode's failure on a rejected line (the file itself was usable). */
    static RegistryImportException strict(Rejection rejection) {
        return new RegistryImportException(rejection + " (strict mode: fix the line or drop --strict)", null, true);
    }

    /** True when strict mode stopped at a rejected line, false when the file cannot be used at all. */
    public boolean rejectedLine() {
        return rejectedLine;
    }
}
