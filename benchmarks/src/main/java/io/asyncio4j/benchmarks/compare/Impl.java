package io.asyncio4j.benchmarks.compare;

/** The implementations compared, in table order: asyncio4j's two styles first, then the peers. */
public enum Impl {
    ASYNCIO4J_FUTURE("asyncio4j-future", "asyncio4j, future style", true),
    ASYNCIO4J_BLOCKING("asyncio4j-blocking", "asyncio4j, blocking style", true),
    KOTLINX("kotlinx", "raw kotlinx.coroutines", false),
    JDK("jdk", "plain JDK (virtual threads, j.u.c.)", false),
    PYTHON("python", "Python 3 asyncio", false);

    public final String id;
    public final String label;
    public final boolean ours;

    Impl(String id, String label, boolean ours) {
        this.id = id;
        this.label = label;
        this.ours = ours;
    }

    /** The implementation named {@code id}, e.g. {@code kotlinx}. */
    public static Impl of(String id) {
        for (Impl i : values()) {
            if (i.id.equalsIgnoreCase(id) || i.name().equalsIgnoreCase(id)) return i;
        }
        throw new IllegalArgumentException("unknown implementation '" + id + "'; known: " + ids());
    }

    /** Every implementation id, comma-separated. */
    public static String ids() {
        StringBuilder sb = new StringBuilder();
        for (Impl i : values()) sb.append(sb.length() == 0 ? "" : ",").append(i.id);
        return sb.toString();
    }
}
