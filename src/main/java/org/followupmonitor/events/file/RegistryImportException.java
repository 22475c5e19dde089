package org.followupmonitor.events.file;

/** A file that cannot be imported (missing, bad header) or, in strict mode, its first bad line. */
public final class RegistryImportException extends Exception {
    private static final long serialVersionUID = 1L;

    public RegistryImportException(String message) {
        super(message);
    }

    public RegistryImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
