package nnc.passes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads pipeline strings: {@code pipeline := [step (',' step)*]}, {@code step := NAME ['{' option (',' option)* '}']},
 * {@code option := KEY '=' VALUE}. Spaces around the punctuation are allowed. Every name is checked
 * against the registry and every value against its option's kind, so mistakes surface before any pass runs.
 */
final class PipelineParser {
    private static final String PUNCTUATION = ",{}=";

    private final String text;
    private final PassRegistry registry;
    /** Where the next token starts: every token consumes the spaces after it. */
    private int pos;

    PipelineParser(String text, PassRegistry registry) {
        this.text = text;
        this.registry = registry;
    }

    Pipeline parse() {
        List<Pipeline.Step> steps = new ArrayList<>();
        skipSpaces();
        if (pos == text.length()) return new Pipeline(steps);
        do {
            steps.add(step());
        } while (accept(','));
        if (pos < text.length()) throw error(pos, "expected ',' between passes, found '" + text.charAt(pos) + "'");
        return new Pipeline(steps);
    }

    private Pipeline.Step step() {
        int start = pos;
        String name = word("a pass name");
        Pass pass = registry.lookup(name).orElseThrow(() -> error(start, "unknown pass '" + name + "' " + known()));
        Map<String, Object> options = new LinkedHashMap<>();
        Map<String, String> optionText = new LinkedHashMap<>();
        if (accept('{')) {
            String key;
            do {
                key = option(pass, options, optionText);
            } while (accept(','));
            if (!accept('}')) throw error(pos, "expected ',' or '}' after option '" + key + "'");
        }
        return new Pipeline.Step(pass, options, optionText, start + 1);
    }

    /** Reads {@code KEY=VALUE} into the maps and returns the key. */
    private String option(Pass pass, Map<String, Object> options, Map<String, String> optionText) {
        int keyAt = pos;
        String key = word("an option name");
        PassOption spec = pass.options().stream().filter(o -> o.name().equals(key)).findFirst()
                .orElseThrow(() -> error(keyAt, "pass '" + pass.name() + "' has no option '" + key + "' " + optionsOf(pass)));
        if (optionText.containsKey(key)) throw error(keyAt, "option '" + key + "' is given twice");
        if (!accept('=')) throw error(pos, "expected '=' after option '" + key + "'");
        int valueAt = pos;
        String value = word("a value for option '" + key + "'");
        try {
            options.put(key, spec.kind().parse(value));
        } catch (IllegalArgumentException e) {
            throw error(valueAt, "option '" + key + "' of pass '" + pass.name() + "' must be "
                    + spec.kind().expected() + ", not '" + value + "'");
        }
        optionText.put(key, value);
        return key;
    }

    /** A maximal run of characters other than spaces and punctuation; empty is an error. */
    private String word(String what) {
        int start = pos;
        while (pos < text.length() && !Character.isWhitespace(text.charAt(pos)) && PUNCTUATION.indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        if (pos == start) {
            throw error(pos, "expected " + what + (pos < text.length() ? ", found '" + text.charAt(pos) + "'" : " at the end"));
        }
        String w = text.substring(start, pos);
        skipSpaces();
        return w;
    }

    private boolean accept(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            skipSpaces();
            return true;
        }
        return false;
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    private String known() {
        List<String> names = registry.names();
        return names.isEmpty() ? "(no passes are registered)" : "(known passes: " + String.join(", ", names) + ")";
    }

    private static String optionsOf(Pass pass) {
        if (pass.options().isEmpty()) return "(it takes none)";
        return pass.options().stream().map(PassOption::name).collect(Collectors.joining(", ", "(options: ", ")"));
    }

    private PipelineException error(int at, String message) {
        return new PipelineException(message, text, at + 1);
    }
}
