package evil;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for a deserialization gadget: a class outside every allowlist. It counts every
 * instance made, by constructor or by Java deserialization, so a test can prove none was.
 */
public final class Gadget implements Serializable {
  public static final AtomicInteger INSTANCES = new AtomicInteger();

  public String command = "rm -rf /";

  public Gadget() {
    INSTANCES.incrementAndGet();
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    INSTANCES.incrementAndGet();
    in.defaultReadObject();
  }
}
