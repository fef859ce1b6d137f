/**
 * The lab machinery, kept in test code so that none of it ships in the runtime:
 * {@link org.miniray.labs.Handout} writes the student copy ({@code make handout}),
 * {@link org.miniray.labs.Points} and {@link org.miniray.labs.GradeRecorder} score graded tests
 * and {@link org.miniray.labs.GradeReport} prints them and writes Gradescope's results.json
 * ({@code make grade LAB=N}), {@link org.miniray.labs.Autograder} packs a lab's Gradescope
 * autograder ({@code make autograder LAB=N}),
 * {@link org.miniray.labs.FailedRuns} keeps a failing grader's run, {@code RepeatedGrading} runs
 * the graders many times ({@code REPEAT=50}),
 * {@link org.miniray.labs.HandoutTest} checks the handout against the reference,
 * {@code WrongSolutionsTest} checks that the known wrong solutions ({@code WrongSolution}) lose
 * points, {@code ReplayDeterminismTest} that a seed replays a wrong solution's failure in
 * lab 3's and lab 4's deterministic modes event for event, and
 * {@link org.miniray.labs.SlideExcerptsTest} keeps the slides' code true. {@code Handout},
 * {@code GradeReport} and {@code Autograder} use only the JDK so that {@code make} runs them as
 * single source files.
 * See {@code labs/README.md}.
 */
package org.miniray.labs;
