package io.ipcring.bench;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What an endpoint is opened with.
 *
 * @param spec  the case
 * @param side  which process opens it
 * @param child the child process, on the parent's side (its stdin and stdout are pipes the parent
 *              holds, for a transport that talks over them); null on the child's side
 */
public record CaseContext(CaseSpec spec, Side side, Process child) {
    /**
     * @param spec  the case
     * @param side  which process
     * @param child the child process on the parent's side, else null
     */
    public CaseContext {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(side, "side");
    }

    /**
     * @param name a file name
     * @return that name inside the case's own directory
     */
    public Path file(String name) {
        return spec.workDir().resolve(name);
    }
}
