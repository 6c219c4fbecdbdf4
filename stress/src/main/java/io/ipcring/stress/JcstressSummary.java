package io.ipcring.stress;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The counts of a jcstress run, read from its verbose console output (the "RUN RESULTS" part,
 * where every test appears once with its results across all configurations).
 *
 * @param tests         tests run
 * @param failedTests   tests reported FAILED or ERROR
 * @param outcomes      samples observed, all outcomes together
 * @param forbidden     samples of FORBIDDEN outcomes
 * @param interesting   samples of ACCEPTABLE_INTERESTING outcomes
 */
public record JcstressSummary(int tests, int failedTests, long outcomes, long forbidden, long interesting) {
    private static final Pattern TEST = Pattern.compile("^\\.*\\s*\\[(OK|FAILED|ERROR)\\]\\s+(\\S+)");
    private static final Pattern ROW = Pattern.compile("^\\s+(.+?)\\s+([0-9,]+)\\s+(<?[0-9.]+%)\\s+(Acceptable|Forbidden|Interesting|Unknown)\\b");

    /**
     * @param lines the console output of {@code java -jar jcstress.jar -v ...}
     * @return the counts; all zero when the output has no results
     */
    public static JcstressSummary parse(List<String> lines) {
        int start = lines.indexOf("RUN RESULTS:");
        int tests = 0;
        int failed = 0;
        long outcomes = 0;
        long forbidden = 0;
        long interesting = 0;
        for (int i = start < 0 ? lines.size() : start; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher test = TEST.matcher(line);
            if (test.find()) {
                tests++;
                failed += test.group(1).equals("OK") ? 0 : 1;
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                long samples = Long.parseLong(row.group(2).replace(",", ""));
                outcomes += samples;
                if (row.group(4).equals("Forbidden")) {
                    forbidden += samples;
                } else if (row.group(4).equals("Interesting")) {
                    interesting += samples;
                }
            }
        }
        return new JcstressSummary(tests, failed, outcomes, forbidden, interesting);
    }
}
