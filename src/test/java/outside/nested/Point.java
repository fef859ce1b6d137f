package outside.nested;

/** A value in a subpackage of {@code outside}, which no built-in allowlist entry covers. */
public record Point(int x, int y) {}
