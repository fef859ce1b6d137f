package org.miniray.figures;

import java.nio.file.Path;

/**
 * A paper figure miniray cannot measure yet, kept in the list so that it is reported as skipped
 * with its reason rather than silently missing. Replace it with a real {@link Figure} once the
 * part it waits for exists.
 *
 * @param reason what is missing, as the skip message shows it
 */
public record PendingFigure(String id, String paperFigure, String reason) implements Figure {

  @Override
  public void run(Path out, boolean quick) {
    throw new UnsupportedOperationException(id + " is pending: " + reason);
  }
}
