package org.followupmonitor.report;

import java.util.List;
import java.util.Map;

/**
 * The batch report as one HTML file that opens offline: the Markdown report's content, with each
 * analysis' Kaplan-Meier figure inlined as SVG right after its heading. No scripts, no external assets.
 */
public final class HtmlReport {
    private static final String STYLE = """
            body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d2330;max-width:1100px;margin:2rem auto;padding:0 1rem}
            table{border-collapse:collapse;margin:.6rem 0 1.2rem;font-variant-numeric:tabular-nums}
            th,td{border-bottom:1px solid #d9dde5;padding:.25rem .6rem;text-align:right}
            th:first-child,td:first-child{text-align:left}
            h2{margin-top:2.2rem;border-top:1px solid #d9dde5;padding-top:1rem}
            blockquote{color:#9b1c1c;margin:.4rem 0}
            figure{margin:1rem 0} figure svg{max-width:100%;height:auto}
            """;

    private HtmlReport() {}

    /**
     * @param markdown the report as {@link MarkdownReport} renders it
     * @param figures SVG documents by analysis name, inlined after the analysis' heading
     */
    public static String render(String title, String markdown, Map<String, String> figures) {
        StringBuilder html = new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>" + escape(title) + "</title><style>" + STYLE + "</style></head><body>\n");
        List<String> lines = markdown.lines().toList();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.startsWith("|")) {
                int end = i;
                while (end < lines.size() && lines.get(end).startsWith("|")) {
                    end++;
                }
                html.append(table(lines.subList(i, end)));
                i = end;
                continue;
            }
            if (line.startsWith("## ")) {
                String name = line.substring(3).trim();
                html.append("<h2 id=\"").append(escape(name)).append("\">").append(inline(name)).append("</h2>\n");
                String svg = figures.get(name);
                if (svg != null) {
                    html.append("<figure>").append(svg.replaceFirst("^<\\?xml[^>]*>\\s*", "")).append("</figure>\n");
                }
            } else if (line.startsWith("# ")) {
                html.append("<h1>").append(inline(line.substring(2))).append("</h1>\n");
            } else if (line.startsWith("> ")) {
                html.append("<blockquote>").append(inline(line.substring(2))).append("</blockquote>\n");
            } else if (line.startsWith("![")) {
                // Figure links of the Markdown report: the HTML report inlines the SVG instead.
            } else if (!line.isBlank()) {
                html.append("<p>").append(inline(line)).append("</p>\n");
            }
            i++;
        }
        return html.append("</body></html>\n").toString();
    }

    private static String table(List<String> rows) {
        StringBuilder t = new StringBuilder("<table>\n");
        for (int r = 0; r < rows.size(); r++) {
            if (r == 1 && rows.get(r).matches("\\|[-:| ]+\\|?")) {
                continue;
            }
            String[] cells = rows.get(r).replaceAll("^\\|", "").replaceAll("\\|\\s*$", "").split("\\|", -1);
            String tag = r == 0 ? "th" : "td";
            t.append("<tr>");
            for (String c : cells) {
                t.append('<').append(tag).append('>').append(inline(c.trim())).append("</").append(tag).append('>');
            }
            t.append("</tr>\n");
        }
        return t.append("</table>\n").toString();
    }

    private static String inline(String text) {
        return escape(text).replaceAll("\\*\\*(.+?)\\*\\*", "<strong>$1</strong>")
                .replaceAll("\\*(.+?)\\*", "<em>$1</em>");
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
