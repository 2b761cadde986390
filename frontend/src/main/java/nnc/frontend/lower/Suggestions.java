package nnc.frontend.lower;

import java.util.Collection;
import java.util.TreeSet;

/** "did you mean ...?" for misspelled names. */
final class Suggestions {
    private Suggestions() {}

    /**
     * "; did you mean 'hidden'?" for the closest candidate, or "" when none is close: one edit away
     * for short names, two for longer ones, and never as far as the whole name.
     */
    static String didYouMean(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int allowed = name.length() <= 3 ? 1 : 2;
        for (String c : new TreeSet<>(candidates)) {
            int d = distance(name.toLowerCase(), c.toLowerCase());
            if (d <= allowed && d < name.length() && d < bestDistance && !c.equals(name)) {
                best = c;
                bestDistance = d;
            }
        }
        return best == null ? "" : "; did you mean '" + best + "'?";
    }

    /** Edits (insert, delete, replace, swap two neighbours) from {@code a} to {@code b}. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
