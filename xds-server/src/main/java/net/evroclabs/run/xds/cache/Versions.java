package net.evroclabs.run.xds.cache;

/**
 * Version strings: {@code <epoch>-<sequence>}. The epoch is fixed per process start, so that a
 * client that reconnects after a restart never holds a version that means something else now; the
 * sequence is the snapshot build in which the content last changed, so versions of one process
 * compare by their sequence.
 */
public record Versions(String epoch) {

  public Versions {
    if (epoch == null || epoch.isEmpty() || epoch.contains("-")) {
      throw new IllegalArgumentException("epoch = '" + epoch + "', must be non-empty without '-'");
    }
  }

  /** An epoch from the start time in milliseconds, in base 36. */
  public static Versions startingAt(long epochMillis) {
    return new Versions(Long.toString(epochMillis, 36));
  }

  public String of(long sequence) {
    return epoch + "-" + sequence;
  }

  /** The sequence of a version of this epoch, or -1 for any other text. */
  public long sequenceOf(String version) {
    if (version == null || !version.startsWith(epoch) || version.length() <= epoch.length() + 1) {
      return -1;
    }
    if (version.charAt(epoch.length()) != '-') {
      return -1;
    }
    try {
      return Long.parseLong(version.substring(epoch.length() + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
