package io.ipcring.bench;

import java.util.List;
import java.util.Objects;

/**
 * A whole run: the machine and one result per case, in the order they ran.
 *
 * @param machine where it ran
 * @param results the cases
 */
public record BenchReport(MachineInfo machine, List<CaseResult> results) {
    /**
     * @param machine where it ran
     * @param results the cases
     */
    public BenchReport {
        Objects.requireNonNull(machine, "machine");
        results = List.copyOf(results);
    }
}
