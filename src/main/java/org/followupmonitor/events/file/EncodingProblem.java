package org.followupmonitor.events.file;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a file stops being text in the encoding it was read with. The fast reading path decodes with a
 * {@link java.io.BufferedReader}, which knows no positions ("Input length = 1"); when it fails, this reads the file
 * again byte by byte to name the line, the byte offset and the byte, and suggests {@code --encoding}. Only the
 * supported encodings are looked at: UTF-8, ISO-8859-1 and windows-1252, in each of which a line break is the
 * byte 0x0A.
 */
final class EncodingProblem {
    private EncodingProblem() {
    }

    /**
     * The error to report for {@code file}, read as {@code charset}.
     *
     * @throws IOException when the file cannot be read again
     */
    static RegistryImportException locate(Path file, Charset charset) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            byte[] head = in.readNBytes(2);
            if (head.length == 2 && ((head[0] == (byte) 0xFF && head[1] == (byte) 0xFE)
                    || (head[0] == (byte) 0xFE && head[1] == (byte) 0xFF))) {
                return new RegistryImportException(file + ":1: the file starts with a UTF-16 byte-order mark; save it "
                        + "as UTF-8 (or ISO-8859-1 or windows-1252 with --encoding)");
            }
            long lineNo = 1;
            long lineStart = 0;
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            line.write(head);
            long offset = head.length;
            int b;
            while (true) {
                b = in.read();
                if (b == '\n' || b < 0) {
                    int bad = firstUndecodable(line.toByteArray(), charset);
                    if (bad >= 0) {
                        int value = line.toByteArray()[bad] & 0xFF;
                        return new RegistryImportException(String.format(Locale.ROOT,
                                "%s:%d: byte 0x%02X at byte offset %d (byte %d of the line) is not valid %s%s", file,
                                lineNo, value, lineStart + bad, bad + 1, charset.name(), suggestion(charset)));
                    }
                    if (b < 0) {
                        break;
                    }
                    lineNo++;
                    lineStart = offset + 1;
                    line.reset();
                } else {
                    line.write(b);
                }
                offset++;
            }
        }
        return new RegistryImportException(file + ": not valid " + charset.name() + suggestion(charset));
    }

    private static String suggestion(Charset charset) {
        return charset.equals(StandardCharsets.UTF_8)
                ? "; if the file was saved as Latin-1 or by Excel on Windows, give --encoding ISO-8859-1 or "
                        + "--encoding windows-1252"
                : "; give the file's encoding with --encoding (UTF-8, ISO-8859-1 or windows-1252)";
    }

    /** The index of the first byte of {@code bytes} that does not decode, or -1. */
    private static int firstUndecodable(byte[] bytes, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(Math.max(16, bytes.length * 2));
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            return in.position();
        }
        r = decoder.flush(out);
        return r.isError() ? bytes.length - 1 : -1;
    }
}
