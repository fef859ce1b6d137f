package org.miniray.function;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.miniray.gcs.FunctionTable;
import org.miniray.id.JobId;
import org.miniray.serialization.JobClasses;

/**
 * The classes of one job on a node that has no copy of its jar: found first in the node's own
 * classpath (the parent, which holds miniray and its libraries), then in the archives the job's
 * driver shipped through the function table ({@link ShippedCode}). Archives are fetched when a
 * class or resource is first missing, and fetched again when a later one is missing, since a
 * driver ships each classpath entry just before its first task from there.
 */
final class JobClassLoader extends ClassLoader implements JobClasses {
  static {
    registerAsParallelCapable();
  }

  private final JobId job;
  private final FunctionTable table;
  private final Object lock = new Object();
  private final Map<String, byte[]> files = new HashMap<>(); // guarded by lock
  private int archivesRead; // guarded by lock

  JobClassLoader(JobId job, ClassLoader parent, FunctionTable table) {
    super("miniray-" + job, parent);
    this.job = job;
    this.table = table;
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] b = file(name.replace('.', '/') + ".class");
    if (b == null) {
      throw new ClassNotFoundException(name + " is neither on this node's classpath nor in the code " + job
          + " shipped");
    }
    return defineClass(name, b, 0, b.length);
  }

  @Override
  protected URL findResource(String name) {
    byte[] b = file(name);
    if (b == null) {
      return null;
    }
    try {
      return new URL(null, "miniray-code:" + job + "/" + name, new URLStreamHandler() {
        @Override
        protected URLConnection openConnection(URL u) {
          return new URLConnection(u) {
            @Override
            public void connect() {}

            @Override
            public InputStream getInputStream() {
              return new ByteArrayInputStream(b);
            }
          };
        }
      });
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean isJobClass(String className) {
    String path = className.replace('.', '/') + ".class";
    return file(path) != null && getParent().getResource(path) == null;
  }

  /** A shipped file by resource name; reads archives shipped since the last look when it is missing. */
  private byte[] file(String name) {
    synchronized (lock) {
      byte[] b = files.get(name);
      if (b != null) {
        return b;
      }
      List<ShippedCode.Archive> index = ShippedCode.index(table, job);
      for (ShippedCode.Archive a : index.subList(Math.min(archivesRead, index.size()), index.size())) {
        // an earlier archive wins, as an earlier classpath entry does
        ShippedCode.unpack(ShippedCode.read(table, job, a)).forEach(files::putIfAbsent);
      }
      archivesRead = Math.max(archivesRead, index.size());
      return files.get(name);
    }
  }

  @Override
  public String toString() {
    return "the class loader of " + job + "'s shipped code";
  }
}
