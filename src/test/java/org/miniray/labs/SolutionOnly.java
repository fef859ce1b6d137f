package org.miniray.labs;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that stays with the course staff: {@code make handout} leaves its file
 * out of the student copy. Use it for tests that contain a solution (a second implementation
 * of a lab's policy) or that only make sense on the reference (the handout's own checks).
 * Files other than Java tests are listed in {@code labs/solution-only.txt} instead.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SolutionOnly {}
