package org.miniray.labs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.miniray.labs.GradeReport.Result;

/**
 * {@code make grade}'s {@code results.json} is what Gradescope reads: it validates against the
 * documented format (a JSON schema written from Gradescope's "Autograder Specifications",
 * {@code gradescope-results.schema.json} beside this class) and gives the same points as the
 * printed report.
 */
class GradescopeResultsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  // Lines as GradeRecorder writes them: a pass, a failure with AssertJ's two-line message, a
  // property's falsification with a stack, and a failed hidden grader.
  private static final List<String> RECORDED = List.of(
      line("PASS", 10, "lab2,lab2-part1", "prefers the node that holds the inputs", ""),
      line("FAIL", 5, "lab2,lab2-part1", "the estimate is \"queueing\" plus transfer",
          "AssertionFailedError: expected: 70.0\n but was: 60.0"),
      line("FAIL", 30, "lab2,lab2-part3", "a property",
          "AssertionError: property failed; re-run with -Dreplay.seed=42\nProperty falsified after 2 example(s)\n"
              + "Smallest found falsifying value(s) :-\n{tasks=3,\tkills=[node-2]}\nCause was :-\n"
              + "java.lang.AssertionError: \nExpecting actual:\n  50\nto be less than:\n  50\n"
              + "\tat org.miniray.X.lambda$y$0(X.java:8)\n\tat org.quicktheories.impl.Core.run(Core.java:40)\n"
              + "Other found falsifying value(s) :- \n51\n52\n \nSeed was 42"),
      line("FAIL", 20, "hidden,lab2,lab2-part2", "a hidden grader", "AssertionError: the estimate is NaN"));

  @Test
  void resultsValidateAgainstGradescopesFormatWithTheReportsPoints() throws IOException {
    List<Result> results = GradeReport.parse(RECORDED, "lab2");
    StringBuilder printed = new StringBuilder();
    int[] total = GradeReport.report(results, printed);
    JsonNode doc = JSON.readTree(GradeReport.gradescope("lab2", results, printed.toString()));

    assertThat(violations(doc)).as("violations of Gradescope's format").isEmpty();
    assertThat(total).containsExactly(10, 65);
    assertThat(doc.get("score").asInt()).as("score").isEqualTo(total[0]);
    assertThat(sum(doc, "score")).as("sum of the tests' scores").isEqualTo(total[0]);
    assertThat(sum(doc, "max_score")).as("sum of the tests' max_score").isEqualTo(total[1]);
    assertThat(doc.get("output").asText()).isEqualTo(printed.toString());
    JsonNode estimate = doc.get("tests").get(1);
    assertThat(estimate.get("name").asText()).isEqualTo("lab2-part1: the estimate is \"queueing\" plus transfer");
    assertThat(estimate.get("output").asText()).contains("expected: 70.0\n but was: 60.0");
    JsonNode property = doc.get("tests").get(3);
    assertThat(property.get("output").asText()).contains("{tasks=3,\tkills=[node-2]}", "Seed was 42")
        .doesNotContain("Core.run", "\n51\n");
    assertThat(doc.get("tests").get(2).get("visibility").asText()).as("a hidden grader").isEqualTo("after_published");
  }

  @Test
  void aRunWithoutGradedTestsIsStillAValidResultWithScoreZero() throws IOException {
    JsonNode doc = JSON.readTree(GradeReport.gradescope("lab3", List.of(), "No graded test of lab3 ran"));
    assertThat(violations(doc)).isEmpty();
    assertThat(doc.get("score").asInt()).isZero();
  }

  @Test
  void theSchemaCheckCatchesWhatGradescopeWouldReject() throws IOException {
    JsonNode doc = JSON.readTree("""
        {"score": "10", "tests": [{"name": "t", "score": 1, "maxscore": 2, "output": ""},
                                  {"name": "u", "score": -1, "max_score": 2, "output": "", "visibility": "public"}]}
        """);
    assertThat(violations(doc)).containsExactlyInAnyOrder(
        "$.score: a string, not a number",
        "$.tests[0]: max_score is missing",
        "$.tests[0]: maxscore is not a documented field",
        "$.tests[1].score: -1 is below 0",
        "$.tests[1].visibility: \"public\" is not one of [\"hidden\",\"after_due_date\",\"after_published\",\"visible\"]");
  }

  private static String line(String status, int points, String tags, String name, String why) {
    return String.join("\t", status, Integer.toString(points), tags, "org.miniray.X#" + name.hashCode(),
        GradeRecorder.clean(name), GradeRecorder.clean(why));
  }

  private static int sum(JsonNode doc, String field) {
    int s = 0;
    for (JsonNode t : doc.get("tests")) {
      s += t.get(field).asInt();
    }
    return s;
  }

  private static List<String> violations(JsonNode doc) throws IOException {
    try (InputStream in = GradescopeResultsTest.class.getResourceAsStream("gradescope-results.schema.json")) {
      List<String> out = new ArrayList<>();
      check(JSON.readTree(in), doc, "$", out);
      return out;
    }
  }

  /** The keywords the schema uses, checked the way JSON Schema defines them. */
  private static void check(JsonNode schema, JsonNode value, String where, List<String> out) {
    String type = schema.path("type").asText("");
    boolean typeOk = switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "number" -> value.isNumber();
      case "" -> true;
      default -> throw new IllegalArgumentException("the schema uses a type this check does not know: " + type);
    };
    if (!typeOk) {
      out.add(where + ": " + kind(value) + ", not " + (type.startsWith("o") || type.startsWith("a") ? "an " : "a ")
          + type);
      return;
    }
    if (schema.has("enum") && !containsValue(schema.get("enum"), value)) {
      out.add(where + ": " + value + " is not one of " + schema.get("enum"));
    }
    if (schema.has("minimum") && value.isNumber() && value.asDouble() < schema.get("minimum").asDouble()) {
      out.add(where + ": " + value + " is below " + schema.get("minimum"));
    }
    for (JsonNode name : schema.path("required")) {
      if (!value.has(name.asText())) {
        out.add(where + ": " + name.asText() + " is missing");
      }
    }
    JsonNode properties = schema.path("properties");
    if (value.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (properties.has(field.getKey())) {
          check(properties.get(field.getKey()), field.getValue(), where + "." + field.getKey(), out);
        } else if (schema.path("additionalProperties").isBoolean() && !schema.get("additionalProperties").asBoolean()) {
          out.add(where + ": " + field.getKey() + " is not a documented field");
        }
      }
    }
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        check(schema.get("items"), value.get(i), where + "[" + i + "]", out);
      }
    }
  }

  private static boolean containsValue(JsonNode array, JsonNode value) {
    for (JsonNode v : array) {
      if (v.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static String kind(JsonNode v) {
    return v.isTextual() ? "a string" : v.isNumber() ? "a number" : v.isArray() ? "an array"
        : v.isObject() ? "an object" : v.isBoolean() ? "a boolean" : "null";
  }
}
