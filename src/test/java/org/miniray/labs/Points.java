package org.miniray.labs;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a graded test is worth. On a test method it is that test's points; on a class it is
 * the points of each of its tests that has none of its own (a contract test's subclass gives
 * every inherited rule the same weight).
 *
 * <p>A graded test also carries its lab's tags, {@code @Tag("lab2")} and a part such as
 * {@code @Tag("lab2-part1")}; {@code make grade LAB=2} runs the tests tagged {@code lab2}, and
 * {@link GradeRecorder} (registered by this annotation) writes each result for
 * {@code GradeReport} to print.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@Inherited
@ExtendWith(GradeRecorder.class)
public @interface Points {
  int value();
}
