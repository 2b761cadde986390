package nnc.ir;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Immutable node attributes, kept sorted by key so that printing is deterministic. A value is an
 * {@link Integer}, a {@link Double}, a {@link String}, a {@link Boolean} or a {@code List<Integer>}.
 */
public final class Attrs {
    public static final Attrs EMPTY = new Attrs(new TreeMap<>());

    private final SortedMap<String, Object> map;

    private Attrs(SortedMap<String, Object> map) {
        this.map = Collections.unmodifiableSortedMap(map);
    }

    /** {@code Attrs.of("axis", 1, "keepdims", true)}. */
    public static Attrs of(Object... keyValues) {
        if (keyValues.length % 2 != 0) throw new IllegalArgumentException("odd number of key/values");
        TreeMap<String, Object> m = new TreeMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], normalize(keyValues[i + 1]));
        }
        return new Attrs(m);
    }

    public static Attrs of(Map<String, Object> values) {
        TreeMap<String, Object> m = new TreeMap<>();
        values.forEach((k, v) -> m.put(k, normalize(v)));
        return new Attrs(m);
    }

    public Attrs with(String key, Object value) {
        TreeMap<String, Object> m = new TreeMap<>(map);
        m.put(key, normalize(value));
        return new Attrs(m);
    }

    private static Object normalize(Object v) {
        if (v instanceof int[] a) return java.util.Arrays.stream(a).boxed().toList();
        if (v instanceof Float f) return f.doubleValue();
        if (v instanceof Long l) return Math.toIntExact(l);
        if (v instanceof List<?> l) {
            for (Object o : l) {
                if (!(o instanceof Integer)) throw new IllegalArgumentException("attribute lists hold integers only");
            }
            return List.copyOf(l);
        }
        if (v instanceof Integer || v instanceof Double || v instanceof String || v instanceof Boolean) return v;
        throw new IllegalArgumentException("unsupported attribute value " + v);
    }

    public SortedMap<String, Object> asMap() {
        return map;
    }

    public boolean has(String key) {
        return map.containsKey(key);
    }

    public boolean isEmpty() {
        return map.isEmpty();
    }

    public Object get(String key) {
        Object v = map.get(key);
        if (v == null) throw new IllegalArgumentException("missing attribute '" + key + "'");
        return v;
    }

    public int getInt(String key) {
        return (Integer) get(key);
    }

    public int getInt(String key, int dflt) {
        return has(key) ? getInt(key) : dflt;
    }

    public double getFloat(String key) {
        Object v = get(key);
        return v instanceof Integer i ? i : (Double) v;
    }

    public double getFloat(String key, double dflt) {
        return has(key) ? getFloat(key) : dflt;
    }

    public String getString(String key) {
        return (String) get(key);
    }

    public boolean getBool(String key, boolean dflt) {
        return has(key) ? (Boolean) get(key) : dflt;
    }

    @SuppressWarnings("unchecked")
    public List<Integer> getInts(String key) {
        return (List<Integer>) get(key);
    }

    public int[] getIntArray(String key) {
        return getInts(key).stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attrs a && map.equals(a.map);
    }

    @Override
    public int hashCode() {
        return map.hashCode();
    }

    @Override
    public String toString() {
        return map.toString();
    }
}
