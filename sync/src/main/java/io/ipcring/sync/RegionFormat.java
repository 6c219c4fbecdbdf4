package io.ipcring.sync;

import java.util.Objects;

/**
 * What a shared-memory file must hold to be opened as a given structure: its kind, the layout
 * version this code understands, and a name for error messages.
 *
 * @param kind    a number identifying the structure (ring kinds, primitive blocks, ...), never 0
 * @param version the layout version this code reads and writes, never 0
 * @param name    a short human name of the kind, for messages and tools
 */
public record RegionFormat(int kind, int version, String name) {
    /**
     * Validates the fields.
     *
     * @param kind    the kind, not 0
     * @param version the version, not 0
     * @param name    the name, not null
     */
    public RegionFormat {
        if (kind == 0) {
            throw new IllegalArgumentException("kind=0 is reserved for uninitialised files");
        }
        if (version == 0) {
            throw new IllegalArgumentException("version=0 is reserved for uninitialised files");
        }
        Objects.requireNonNull(name, "name");
    }
}
