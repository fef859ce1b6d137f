package outside;

/** An enum of a library the job does not own; one constant has a body (a class of its own). */
public enum Mode {
  FAST,
  SAFE {
    @Override
    public String toString() {
      return "safe";
    }
  }
}
