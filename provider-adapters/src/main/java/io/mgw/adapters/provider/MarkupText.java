package io.mgw.adapters.provider;

/** Escapes text for XML call instructions (TwiML, CXML) built around untrusted values. */
public final class MarkupText {
    private MarkupText() {
    }

    /** The text with {@code & < > " '} escaped. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
