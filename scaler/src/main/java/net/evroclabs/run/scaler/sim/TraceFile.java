package net.evroclabs.run.scaler.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Reads arrivals from a CSV trace. Lines starting with {@code #} and blank lines are ignored; the
 * first other line is the header and says which of two forms the file has:
 *
 * <ul>
 *   <li>{@code timestamp[,service_ms]}: one request per line, arriving {@code timestamp} seconds
 *       after the start, optionally with its service time in milliseconds;
 *   <li>{@code start,count}: {@code count} requests arriving at random within the interval that
 *       begins {@code start} seconds after the start and ends where the next line begins (the last
 *       interval is as long as the one before it, or one second).
 * </ul>
 *
 * Timestamps and starts must not decrease.
 */
public final class TraceFile {

  private TraceFile() {}

  public static Arrivals read(Path file, long seed) throws IOException {
    return parse(Files.readAllLines(file), seed);
  }

  public static Arrivals parse(List<String> lines, long seed) {
    List<String[]> rows = new ArrayList<>();
    List<Integer> lineNumbers = new ArrayList<>();
    String[] header = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] cells = line.split("\\s*,\\s*");
      if (header == null) {
        header = cells;
      } else {
        rows.add(cells);
        lineNumbers.add(i + 1);
      }
    }
    if (header == null) {
      throw new IllegalArgumentException(
          "trace: no header line (timestamp[,service_ms] or start,count)");
    }
    String form = String.join(",", header);
    return switch (form) {
      case "timestamp", "timestamp,service_ms" -> perRequest(rows, lineNumbers);
      case "start,count" -> perInterval(rows, lineNumbers, seed);
      default ->
          throw new IllegalArgumentException(
              "trace header = " + form + ", must be timestamp[,service_ms] or start,count");
    };
  }

  private static Arrivals perRequest(List<String[]> rows, List<Integer> lineNumbers) {
    double[] times = new double[rows.size()];
    double[] service = new double[rows.size()];
    double previous = 0;
    for (int i = 0; i < rows.size(); i++) {
      String[] r = rows.get(i);
      int line = lineNumbers.get(i);
      times[i] = number(r, 0, "timestamp", line);
      if (times[i] < previous) {
        throw new IllegalArgumentException(
            "trace line " + line + ": timestamp = " + r[0] + ", must not be before " + previous);
      }
      previous = times[i];
      service[i] = r.length > 1 ? number(r, 1, "service_ms", line) : Double.NaN;
    }
    double length = times.length == 0 ? 0 : Math.ceil(times[times.length - 1] + 1);
    return new Arrivals(times, service, length);
  }

  private static Arrivals perInterval(List<String[]> rows, List<Integer> lineNumbers, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] starts = new double[rows.size()];
    long[] counts = new long[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      int line = lineNumbers.get(i);
      starts[i] = number(rows.get(i), 0, "start", line);
      double count = number(rows.get(i), 1, "count", line);
      if (count != Math.rint(count)) {
        throw new IllegalArgumentException(
            "trace line " + line + ": count = " + rows.get(i)[1] + ", must be a whole number");
      }
      counts[i] = (long) count;
      if (i > 0 && starts[i] <= starts[i - 1]) {
        throw new IllegalArgumentException(
            "trace line "
                + line
                + ": start = "
                + rows.get(i)[0]
                + ", must be after "
                + starts[i - 1]);
      }
    }
    List<Double> times = new ArrayList<>();
    double end = 0;
    for (int i = 0; i < starts.length; i++) {
      double length =
          i + 1 < starts.length
              ? starts[i + 1] - starts[i]
              : (i > 0 ? starts[i] - starts[i - 1] : 1);
      double[] inInterval = new double[(int) counts[i]];
      for (int k = 0; k < inInterval.length; k++) {
        inInterval[k] = starts[i] + random.nextDouble() * length;
      }
      Arrays.sort(inInterval);
      for (double t : inInterval) {
        times.add(t);
      }
      end = starts[i] + length;
    }
    double[] t = times.stream().mapToDouble(Double::doubleValue).toArray();
    double[] service = new double[t.length];
    Arrays.fill(service, Double.NaN);
    return new Arrivals(t, service, end);
  }

  private static double number(String[] row, int column, String field, int line) {
    if (column >= row.length) {
      throw new IllegalArgumentException("trace line " + line + ": " + field + " is missing");
    }
    double v;
    try {
      v = Double.parseDouble(row[column]);
    } catch (NumberFormatException e) {
      v = Double.NaN;
    }
    if (v >= 0 && !Double.isInfinite(v)) {
      return v;
    }
    throw new IllegalArgumentException(
        "trace line " + line + ": " + field + " = " + row[column] + ", must be a number >= 0");
  }
}
