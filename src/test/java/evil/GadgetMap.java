package evil;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.util.HashMap;

/**
 * Stands in for a library map that runs code when read back (as commons-collections' maps did in
 * the classic attacks): a map, but not the JDK's, so its shape does not make it allowed.
 */
public final class GadgetMap extends HashMap<String, String> {
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    Gadget.INSTANCES.incrementAndGet();
    in.defaultReadObject();
  }
}
