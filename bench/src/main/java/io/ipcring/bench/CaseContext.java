package io.ipcring.bench;

import io.ipcring.transport.pipe.PipeProcess;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What an endpoint is opened with.
 *
 * @param spec  the case
 * @param side  which process opens it
 * @param child the child process on the parent's side; null on the child's side
 * @param pipe  on the parent's side of a transport that talks over the child's stdin and stdout,
 *              the channel over those pipes; null otherwise
 */
public record CaseContext(CaseSpec spec, Side side, Process child, PipeProcess pipe) {
    /**
     * @param spec  the case
     * @param side  which process
     * @param child the child process on the parent's side, else null
     * @param pipe  the channel over the child's stdin and stdout, else null
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
