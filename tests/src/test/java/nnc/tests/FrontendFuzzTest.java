package nnc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nnc.frontend.Compilation;
import nnc.frontend.Diagnostic;
import nnc.frontend.Frontend;
import nnc.frontend.SourceFile;
import org.junit.jupiter.api.Test;

/**
 * Bad input never crashes the frontend: thousands of deterministic mutations of real programs
 * (token deletions, duplications, swaps and substitutions, character edits, changed numbers,
 * truncations) each end in a graph or in diagnostics with a position, never in an exception.
 */
class FrontendFuzzTest {
    private static final long SEED = 20240617L;
    /** Programs longer than this (the zoo) get more mutants than the short error examples. */
    private static final int LARGE = 1000;
    private static final int MUTANTS_PER_LARGE_PROGRAM = 150;
    private static final int MUTANTS_PER_SMALL_PROGRAM = 30;
    /** A rough lexer: enough to cut programs into pieces worth deleting, repeating or swapping. */
    private static final Pattern TOKEN = Pattern.compile(
            "[ \\t]+|\\r?\\n|#[^\\n]*|[A-Za-z_][A-Za-z_0-9]*|\\d+(\\.\\d+)?([eE][+-]?\\d+)?|\\.\\.|\\*\\*|//|==|!=|<=|>=|.");
    private static final String CHARACTERS = "()[]{}:,.=+-*/@#;\n\t 0123456789abexyz_$\"'\\é";
    private static final String[] NUMBERS = {"0", "1", "2", "3", "-1", "7", "64", "0.5", "1e-3", "100000", "99999999999"};

    /** Used besides the zoo, which may not exist yet, to cover loops, branches, functions and training. */
    private static final List<String> SAMPLES = List.of("""
            dim batch = 4, seq = 6, vocab = 50, hidden = 8
            input tokens: i32[batch, seq] in 0..vocab
            param embed: f32[vocab, hidden] = normal(0.1)
            param w: f32[hidden, 4*hidden] = xavier
            param u: f32[hidden, 4*hidden] = xavier
            param wout: f32[hidden, vocab] = xavier
            fn cell(x, h, c, scale=1.0) {
              i, f, g, o = split(x @ w + h @ u, 4, axis=1)
              c2 = sigmoid(f) * c + sigmoid(i) * tanh(g) * scale
              return sigmoid(o) * tanh(c2), c2
            }
            h = zeros(batch, hidden); c = zeros(batch, hidden)
            loss = 0.0
            for t in 0..seq - 1 {
              h, c = cell(embedding(embed, tokens[:, t]), h, c)
              if t // 2 * 2 == t { h = h * 0.5 } else { h = -h }
              loss = loss + cross_entropy(h @ wout, tokens[:, t + 1]) / (seq - 1)
            }
            output loss
            train loss with adam(lr=1e-3, beta1=0.8)
            """, """
            dim n = 2, image = 8
            input images: f32[n, 3, image, image]
            input labels: i32[n] in 0..10
            param k: f32[4, 3, 3, 3] = he
            param g: f32[4] = ones
            param b: f32[4] = zeros
            param fc: f32[4, 10] = xavier
            y = relu(batch_norm(conv2d(images, k, padding=[1, 1], stride=2), g, b))
            y = max_pool2d(y, 2, padding=0)
            logits = global_avg_pool(y) @ fc
            loss = cross_entropy(logits, labels) + 0.01 * sum(fc ** 2)
            output logits, loss
            train loss with sgd(lr=0.1, momentum=0.9)
            """, """
            dim b = 2, s = 4, d = 8
            input x: f32[b, s, d]
            param gamma: f32[d] = ones
            param beta: f32[d] = zeros
            q = reshape(x, [b * s, -1])
            att = softmax(x @ transpose(x) / sqrt(d), axis=-1) @ x
            y = layer_norm(concat([att, x], axis=2)[:, :, 0:d], gamma, beta, eps=1e-6)
            z = mean(max(y, axis=[0, -1], keepdims=true)) + float(int(maximum(y, 0.0)))[0, 1, 2]
            parts = split(flatten(y), 2, axis=-1)
            output y, z
            """);

    @Test
    void mutatedProgramsNeverCrashTheFrontend() throws IOException {
        Random random = new Random(SEED);
        int compiled = 0;
        for (String program : programs(TestFiles.repoRoot().resolve("tests"))) {
            checkOne("original", program);
            int count = program.length() > LARGE ? MUTANTS_PER_LARGE_PROGRAM : MUTANTS_PER_SMALL_PROGRAM;
            for (int i = 0; i < count; i++) {
                checkOne("mutant", mutate(program, random));
                compiled++;
            }
        }
        assertTrue(compiled >= 1000, "only " + compiled + " mutants");
    }

    /** The zoo, the error examples and the samples. */
    private static List<String> programs(Path tests) throws IOException {
        List<String> out = new ArrayList<>();
        for (String dir : List.of("nets", "errors")) {
            if (!Files.isDirectory(tests.resolve(dir))) continue;
            try (Stream<Path> s = Files.list(tests.resolve(dir))) {
                for (Path p : s.filter(f -> f.toString().endsWith(".dsl")).sorted().toList()) out.add(TestFiles.read(p));
            }
        }
        out.addAll(SAMPLES);
        return out;
    }

    private static void checkOne(String kind, String source) {
        Compilation c;
        try {
            c = Frontend.compile(new SourceFile("fuzz.dsl", source), Map.of());
            c.renderDiagnostics();
        } catch (Throwable t) {
            throw new AssertionError("the frontend threw on this " + kind + ":\n" + source, t);
        }
        if (c.ok()) {
            assertNotNull(c.graph(), () -> "no graph and no diagnostics for:\n" + source);
            return;
        }
        assertNull(c.graph());
        for (Diagnostic d : c.diagnostics()) {
            if (d.line() < 1 || d.col() < 1) fail("diagnostic without a position: " + d.render() + "for:\n" + source);
        }
    }

    /** One to three edits. */
    static String mutate(String program, Random random) {
        String s = program;
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) s = edit(s, random);
        return s;
    }

    private static String edit(String s, Random random) {
        List<String> tokens = tokens(s);
        List<Integer> solid = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (!tokens.get(i).isBlank()) solid.add(i);
        }
        if (solid.size() < 2 || s.isEmpty()) return s + CHARACTERS.charAt(random.nextInt(CHARACTERS.length()));
        int i = solid.get(random.nextInt(solid.size()));
        switch (random.nextInt(7)) {
            case 0 -> tokens.remove(i);
            case 1 -> tokens.add(i, tokens.get(i));
            case 2 -> {
                int j = solid.get(random.nextInt(solid.size()));
                String t = tokens.get(i);
                tokens.set(i, tokens.get(j));
                tokens.set(j, t);
            }
            case 3 -> tokens.set(i, tokens.get(solid.get(random.nextInt(solid.size()))));
            case 4 -> {
                List<Integer> numbers = solid.stream().filter(k -> Character.isDigit(tokens.get(k).charAt(0))).toList();
                int k = numbers.isEmpty() ? i : numbers.get(random.nextInt(numbers.size()));
                tokens.set(k, NUMBERS[random.nextInt(NUMBERS.length)]);
            }
            case 5 -> {
                return s.substring(0, random.nextInt(s.length()));
            }
            default -> {
                int at = random.nextInt(s.length());
                char c = CHARACTERS.charAt(random.nextInt(CHARACTERS.length()));
                return switch (random.nextInt(3)) {
                    case 0 -> s.substring(0, at) + c + s.substring(at);
                    case 1 -> s.substring(0, at) + c + s.substring(at + 1);
                    default -> s.substring(0, at) + s.substring(at + 1);
                };
            }
        }
        return String.join("", tokens);
    }

    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(s);
        while (m.find()) out.add(m.group());
        assertEquals(s, String.join("", out));
        return out;
    }

    @Test
    void mutationsAreDeterministic() {
        String program = SAMPLES.get(0);
        assertEquals(mutate(program, new Random(SEED)), mutate(program, new Random(SEED)));
        assertFalse(tokens(program).isEmpty());
    }
}
