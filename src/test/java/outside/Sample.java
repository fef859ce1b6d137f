package outside;

/** A record of a library the job does not own, holding an array. */
public record Sample(String name, double[] values) {}
